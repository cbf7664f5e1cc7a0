// The audit log (system:audit:read), newest first, within the caller's agency scope, and the
// check of its hash chain.
import { get } from '@/utils/http'

export interface AuditEntry {
  id: number
  at: string
  actor_type: string
  actor_id: number | null
  actor_name: string | null
  agency_id: number | null
  ip: string | null
  action: string
  entity: string | null
  entity_id: number | null
  outcome: string
  detail: unknown
  hash: string
}
export interface AuditFilters {
  actor_id?: number
  actor_type?: 'user' | 'token' | 'system' | 'anonymous'
  // Exact, or a prefix ending in * (login.*).
  action?: string
  entity?: string
  entity_id?: number
  outcome?: 'success' | 'failure'
  ip?: string
  from?: string
  to?: string
}
export interface AuditPage {
  items: AuditEntry[]
  next_cursor: string | null
  total?: number
}
// GET /audit/verify: {ok, checked} and, when the chain is broken, the first broken entry.
export interface AuditVerifyResult {
  ok: boolean
  checked: number
  [key: string]: unknown
}

export function listAudit(filters: AuditFilters, cursor?: string, limit = 20): Promise<AuditPage> {
  return get<AuditPage>('/audit', { ...filters, cursor, limit })
}
export function verifyAudit(): Promise<AuditVerifyResult> {
  return get<AuditVerifyResult>('/audit/verify', undefined, { silent: true, timeout: 300_000 })
}
