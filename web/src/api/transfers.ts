// Hand-overs between agencies: transfer (移送), diversion (分流) and appeal (上诉), and the inbox
// of the receiving agency (API.md "Sharing").
import { get, post } from '@/utils/http'

export type TransferType = 'transfer' | 'diversion' | 'appeal'
export type TransferStatus = 'pending' | 'accepted' | 'returned'

export interface Transfer {
  id: number
  uid: string
  type: TransferType
  status: TransferStatus
  from_case_id: number
  receiving_case_id: number
  from_agency_id: number
  to_agency_id: number
  kind: string
  reason: string
  answer_reason: string | null
  created_by: number | null
  created_at: string
  answered_by: number | null
  answered_at: string | null
}

export interface TransferInput {
  type: TransferType
  to_agency_id: number
  kind: string
  reason: string
}
// Silent: the dialog shows the server's refusal (wrong combination, not the judgment yet …).
export function createTransfer(caseId: number, input: TransferInput): Promise<Transfer> {
  return post<Transfer>(`/cases/${caseId}/transfers`, input, { silent: true })
}

export interface TransferFilters {
  direction: 'in' | 'out'
  status?: TransferStatus
}
export interface TransferPage {
  items: Transfer[]
  next_cursor: string | null
  total?: number
}
export function listTransfers(filters: TransferFilters, cursor?: string, limit = 20): Promise<TransferPage> {
  return get<TransferPage>('/transfers', { ...filters, cursor, limit })
}

export function acceptTransfer(id: number): Promise<Transfer> {
  return post<Transfer>(`/transfers/${id}/accept`, {})
}
// Silent: the return dialog shows the error beside the reason.
export function returnTransfer(id: number, reason: string): Promise<Transfer> {
  return post<Transfer>(`/transfers/${id}/return`, { reason }, { silent: true })
}
