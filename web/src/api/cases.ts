// Cases: the unified register (API.md "Cases").
import { get } from '@/utils/http'

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
export interface CaseDeadlineBadge {
  due: string
  near_on: string
  level: 'normal' | 'near' | 'overdue'
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

// The list's filters (API.md "Cases"); the export takes the same ones.
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
}
export interface CasePage {
  items: Case[]
  next_cursor: string | null
  total: number
}

export function listCases(filters: CaseFilters, cursor?: string, limit = 20): Promise<CasePage> {
  return get<CasePage>('/cases', { ...filters, cursor, limit })
}
export function getCase(id: number): Promise<Case> {
  return get<Case>(`/cases/${id}`)
}
