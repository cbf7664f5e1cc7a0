// Agencies: the tree of courts, bureaus, centres and hotlines (system:agency:read / write).
import { get, post } from '@/utils/http'

export interface Agency {
  id: number
  uid: string
  parent_id: number | null
  depth: number
  name: string
  abbr: string
  type: string
  court_level: string | null
  court_code: string | null
  area_code: string | null
  case_number_template: string | null
}

// POST /agencies (AgencyInput): unknown fields are refused, so only what the form filled in.
// There is no PATCH /agencies/{id} in this version: an agency cannot be changed once created.
export interface AgencyInput {
  name: string
  abbr: string
  type: string
  parent_id?: number
  court_level?: string
  court_code?: string
  area_code?: string
  case_number_template?: string
}

// All agencies in tree order (parents before children).
export function listAgencies(): Promise<{ items: Agency[] }> {
  return get<{ items: Agency[] }>('/agencies')
}
export function getAgency(id: number): Promise<Agency> {
  return get<Agency>(`/agencies/${id}`)
}
export function createAgency(input: AgencyInput): Promise<Agency> {
  return post<Agency>('/agencies', input, { silent: true })
}
