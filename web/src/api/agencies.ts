// Agencies: the tree of courts, bureaus, centres and hotlines (system:agency:read / write).
import { get } from '@/utils/http'

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

// All agencies in tree order (parents before children).
export function listAgencies(): Promise<{ items: Agency[] }> {
  return get<{ items: Agency[] }>('/agencies')
}
