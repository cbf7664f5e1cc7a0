// Requests to extend a time limit (延长审限) awaiting a decision. The decision itself is the
// workflow action decide_extension, taken on the case's detail page.
import { get, type RequestOptions } from '@/utils/http'

export type ExtensionStatus = 'pending' | 'granted' | 'refused'
export interface ExtensionRequest {
  id: number
  case_id: number
  case_number: string | null
  title: string
  kind: string
  deadline_code: string
  deadline_label: string
  length: number
  unit: 'days' | 'working_days' | 'months'
  reason: string
  requested_by_name: string | null
  requested_on: string
  // Asked less than 15 days before the limit expires.
  late: boolean
  status: ExtensionStatus
}
export interface ExtensionQuery {
  status?: ExtensionStatus
  agency_id?: number
  kind?: string
}
export interface ExtensionPage {
  items: ExtensionRequest[]
  next_cursor: string | null
  total?: number
}
export function listExtensions(q: ExtensionQuery, cursor?: string, limit = 20, options?: RequestOptions): Promise<ExtensionPage> {
  return get<ExtensionPage>('/extensions', { ...q, cursor, limit }, options)
}
