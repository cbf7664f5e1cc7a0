// The audit page's logic: the filter form as query parameters, and the verdict of the hash-chain
// check (GET /audit/verify).
import type { AuditFilters, AuditVerifyResult } from '@/api/audit'
import { compactQuery } from '../shared/format'

// Actions offered in the action filter (more may be typed; a prefix ends in *).
export const kActionSuggestions = [
  'login.*', 'login.success', 'login.failure', 'logout', 'account.lock',
  'user.*', 'user.create', 'user.update', 'user.lock', 'user.unlock', 'user.password.reset', 'user.password.change', 'user.totp.reset',
  'role.*', 'token.*', 'agency.create',
  'case.*', 'case.create', 'case.updated', 'transfer.*', 'deadline.override',
  'party.create', 'ip_right.create', 'pii.read',
  'import.*', 'export.*', 'calendar.load', 'webhook.*', 'audit.prune',
]
export const kEntities = ['case', 'party', 'ip_right', 'user', 'role', 'token', 'agency', 'session', 'transfer', 'webhook', 'calendar', 'import']

export interface AuditForm {
  actor_id?: number | null
  actor_type?: string
  action?: string
  entity?: string
  entity_id?: number | null
  outcome?: string
  ip?: string
  // [from, to] as YYYY-MM-DD, or null.
  range?: [string, string] | null
}

export function auditQuery(f: AuditForm): AuditFilters {
  const { range, ...rest } = f
  const q = compactQuery({ ...rest, from: range?.[0], to: range?.[1] }) as Record<string, unknown>
  if (typeof q.action === 'string') q.action = q.action.replace(/\s+/g, '')
  return q as AuditFilters
}

export interface VerifyVerdict {
  ok: boolean
  checked: number
  // The first broken entry's details (whatever the server sent beside ok and checked).
  broken: Record<string, unknown> | null
}

// Reads the check's answer: {ok, checked} and, when not ok, the first broken entry under one of
// the names a server may use, else every other field of the answer.
export function verifyVerdict(r: AuditVerifyResult): VerifyVerdict {
  const checked = typeof r.checked === 'number' ? r.checked : Number(r.checked) || 0
  if (r.ok) return { ok: true, checked, broken: null }
  for (const key of ['first_broken', 'broken', 'broken_entry', 'entry', 'first_bad', 'bad']) {
    const v = r[key]
    if (v && typeof v === 'object' && !Array.isArray(v)) return { ok: false, checked, broken: v as Record<string, unknown> }
  }
  const rest: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(r)) if (k !== 'ok' && k !== 'checked') rest[k] = v
  return { ok: false, checked, broken: Object.keys(rest).length ? rest : null }
}

// The broken entry's id, when it names one (id, entry_id, audit_id).
export function brokenId(broken: Record<string, unknown> | null): number | null {
  if (!broken) return null
  for (const key of ['id', 'entry_id', 'audit_id']) {
    const v = broken[key]
    if (typeof v === 'number') return v
  }
  return null
}
