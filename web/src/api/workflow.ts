// A case's workflow: its definition, the actions the user may take now and taking them, its
// deadlines, event log, service records, chain and related cases (API.md "Actions, deadlines,
// alerts" and "Sharing").
import { get, post } from '@/utils/http'
import type { Case } from '@/api/cases'
import type { ActionBody, ActionDef } from '@/utils/workflowForm'

export type { ActionBody, ActionDef, FieldDef } from '@/utils/workflowForm'

// GET /api/v1/workflows/{kind}: the definition file (workflows/<kind>.json); only what the UI reads.
export interface WorkflowState {
  code: string
  label: string
  status: string
  final?: boolean
}
export interface WorkflowDeadline {
  code: string
  label: string
  length: number
  unit: string
  source?: string
}
export interface WorkflowDefinition {
  kind: string
  label: string
  version: number
  initial: string
  states: WorkflowState[]
  deadlines: WorkflowDeadline[]
  suspension_kinds: { code: string; label: string; source?: string }[]
  actions: (ActionDef & { from: string[]; roles: string[] })[]
}
export function getWorkflow(kind: string): Promise<WorkflowDefinition> {
  return get<WorkflowDefinition>(`/workflows/${encodeURIComponent(kind)}`, undefined, { silent: true })
}

// GET /api/v1/cases/{id}/actions: what the caller may do now, each with its fields.
export interface CaseActions {
  stage?: string | null
  items: ActionDef[]
}
export function listCaseActions(caseId: number): Promise<CaseActions> {
  return get<CaseActions>(`/cases/${caseId}/actions`, undefined, { silent: true })
}

export interface ActionResult {
  case: Case
  deadlines: Deadline[]
  warnings: string[]
}
// Silent: the dialog shows a field error beside its field, a refusal as a message.
export function takeCaseAction(caseId: number, body: ActionBody): Promise<ActionResult> {
  return post<ActionResult>(`/cases/${caseId}/actions`, body, { silent: true })
}

export interface Suspension {
  kind: string
  label?: string
  start: string
  end: string | null
  reason: string | null
}
export interface Extension {
  deadline?: string
  length: number
  unit: string
  reason: string | null
  status?: 'pending' | 'granted' | 'refused' | string
  approver_id: number | null
  approver_name?: string | null
  requested_on?: string
  decided_on?: string | null
  late?: boolean
}
export type DeadlineLevel = 'normal' | 'near' | 'overdue'
export interface Deadline {
  code: string
  rule: string
  label: string
  source: string | null
  unit: 'days' | 'working_days' | 'months' | string
  length: number
  total: number
  party_id: number | null
  start: string
  due: string
  near_on: string
  stopped_on: string | null
  used: number
  left: number
  days_left: number
  status: 'running' | 'suspended' | 'met' | 'missed' | string
  level: DeadlineLevel
  provisional: boolean
  suspensions: Suspension[]
  extensions: Extension[]
}
export function listDeadlines(caseId: number): Promise<{ items: Deadline[] }> {
  return get<{ items: Deadline[] }>(`/cases/${caseId}/deadlines`)
}

export interface CaseEvent {
  id: number
  uid: string
  case_id: number
  type: string
  actor_id: number | null
  actor_name: string | null
  at: string
  effective_on: string | null
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  note: string | null
}
export interface EventPage {
  items: CaseEvent[]
  next_cursor: string | null
}
export function listEvents(caseId: number, cursor?: string, limit = 500): Promise<EventPage> {
  return get<EventPage>(`/cases/${caseId}/events`, { cursor, limit })
}

// GET /api/v1/cases/{id}/services: the case's service records (送达), oldest first.
export interface ServiceRecord {
  id: number
  party_id: number
  party_name: string
  party_type?: string
  method: string
  served_on: string
  document: string | null
  created_by?: number | null
  created_by_name?: string | null
  created_at?: string
  [key: string]: unknown
}
// Silent: an older server has no such endpoint (404), which the page shows as "not available".
export function listServices(caseId: number): Promise<{ items: ServiceRecord[] }> {
  return get<{ items: ServiceRecord[] }>(`/cases/${caseId}/services`, undefined, { silent: true })
}

export type LinkType = 'transferred_to' | 'diverted_to' | 'appeal_of' | 'related' | string
export interface ChainLink {
  from: number
  to: number
  type: LinkType
}
export interface CaseChain {
  cases: Case[]
  links: ChainLink[]
}
export function getChain(caseId: number): Promise<CaseChain> {
  return get<CaseChain>(`/cases/${caseId}/chain`)
}

export interface RelatedCase {
  id: number
  uid: string
  kind: string
  agency_id: number
  case_number: string | null
  title: string
  status: string
  received_on: string
  via: { type: 'party' | 'ip_right' | string; name: string }[]
}
export function getRelated(caseId: number): Promise<{ items: RelatedCase[] }> {
  return get<{ items: RelatedCase[] }>(`/cases/${caseId}/related`)
}
