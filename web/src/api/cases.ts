// Cases: the unified register (API.md "Cases").
import { get, post, queryString, type RequestOptions } from '@/utils/http'
import type { PartyInput } from '@/api/parties'

export interface CaseParty {
  party_id: number
  role: string
  type: 'person' | 'organization' | string
  name: string
  [key: string]: unknown
}
export interface CaseIpRight {
  ip_right_id: number
  type: string
  title: string
  number: string | null
  [key: string]: unknown
}
// The earliest running deadline; all null when none is running (a closed case).
export interface CaseDeadlineBadge {
  due: string | null
  near_on: string | null
  level: 'normal' | 'near' | 'overdue' | null
}
export interface Case {
  id: number
  uid: string
  kind: string
  procedure: string | null
  agency_id: number
  agency_name: string
  handler_id: number | null
  handler_name: string | null
  title: string
  case_number: string | null
  status: string
  received_on: string
  filed_on: string | null
  closed_on: string | null
  claim_amount_fen: number | null
  tags: string[]
  summary: string | null
  area_code: string | null
  stage: string
  deadline: CaseDeadlineBadge | null
  outcome: string | null
  appeal_result: string | null
  document_number: string | null
  awarded_amount_fen: number | null
  enforce_amount_fen: number | null
  recovered_amount_fen: number | null
  fine_fen: number | null
  source_system: string | null
  external_id: string | null
  version: number
  created_at: string
  updated_at: string
  parties: CaseParty[]
  ip_rights: CaseIpRight[]
  panel_ids: number[]
}

// The list's filters (API.md "Cases"); the export takes the same ones. `kind` and `status` take
// one value or several, comma-separated. The last group comes from the dashboard's drill-downs
// (openapi.yaml): the list page keeps them from its URL so that the total matches the figure.
export interface CaseFilters {
  kind?: string
  agency_id?: number
  include_sub?: boolean
  status?: string
  filed_from?: string
  filed_to?: string
  closed_from?: string
  closed_to?: string
  party_id?: number
  ip_right_id?: number
  handler_id?: number
  deadline?: 'near' | 'overdue'
  q?: string
  sort?: string
  received_from?: string
  received_to?: string
  pending_on?: string
  filed?: boolean
  in_limit?: boolean
  shared?: boolean
  // The dashboard's drill-downs by workflow stage and by the map's division (area code).
  stage?: string
  division?: string
  // The flow's drill-downs: received by a hand-over of this type, from this kind / agency type,
  // and held by an agency of this type.
  via?: string
  from_kind?: string
  from_agency_type?: string
  agency_type?: string
}
export interface CasePage {
  items: Case[]
  next_cursor: string | null
  total: number
}

export function listCases(filters: CaseFilters, cursor?: string, limit = 20): Promise<CasePage> {
  return get<CasePage>('/cases', { ...filters, cursor, limit })
}
// With {silent: true} the caller handles a failure itself (a case out of scope answers 404).
export function getCase(id: number, options?: RequestOptions): Promise<Case> {
  return get<Case>(`/cases/${id}`, undefined, options)
}

// POST /cases (openapi.yaml CaseInput). A party is an existing one (party_id) or a new one
// (party); IP rights are referenced by id (register new ones first with POST /ip-rights).
export interface CasePartyInput {
  role: string
  party_id?: number
  party?: PartyInput
}
export interface CaseInput {
  kind: string
  agency_id: number
  title: string
  procedure?: string
  handler_id?: number
  panel_ids?: number[]
  received_on?: string
  filed_on?: string
  claim_amount_fen?: number
  tags?: string[]
  summary?: string
  area_code?: string
  ip_right_ids?: number[]
  parties?: CasePartyInput[]
}
export function createCase(input: CaseInput, options?: RequestOptions): Promise<Case> {
  return post<Case>('/cases', input, options)
}

// The export of the same filters as a link the browser opens itself (the session cookie goes
// with it); sort, limit and cursor are not export parameters.
export type ExportFormat = 'csv' | 'csv_gb18030' | 'xlsx' | 'ndjson'
export function caseExportUrl(filters: CaseFilters, format: ExportFormat = 'xlsx'): string {
  const { sort: _sort, ...rest } = filters
  return `/api/v1/exports/cases${queryString({ format, ...rest })}`
}

// The people cases can be assigned to: rows of GET /users (api/users.ts listAllUsers).
export type { UserRow as CaseUser } from '@/api/users'

// GET /workflows/{kind}: a kind's workflow; its states name the stages a case can be in
// (Case.stage is a state code, labelled here).
export interface WorkflowState {
  code: string
  label: string
  status: string
  final?: boolean
}
export interface CaseWorkflow {
  kind: string
  label: string
  version: number
  initial: string
  states: WorkflowState[]
  [key: string]: unknown
}
export function getCaseWorkflow(kind: string): Promise<CaseWorkflow> {
  return get<CaseWorkflow>(`/workflows/${encodeURIComponent(kind)}`, undefined, { silent: true })
}
