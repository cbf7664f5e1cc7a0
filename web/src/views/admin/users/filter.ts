// The user list's filters as GET /users takes them, and a user's status.
import type { UserListQuery, UserRow, UserStatus } from '@/api/users'

export type { UserStatus }

// disabled: locked by an administrator (POST /lock); locked: too many failed logins, until
// `locked_until`; active otherwise. The server filters by the same rule (status=).
export function userStatus(u: Pick<UserRow, 'disabled' | 'locked_until'>, now = Date.now()): UserStatus {
  if (u.disabled) return 'disabled'
  if (u.locked_until && Date.parse(u.locked_until) > now) return 'locked'
  return 'active'
}

export interface UserFilter {
  agency_id?: number
  include_sub?: boolean
  role?: string
  status?: UserStatus | ''
  q?: string
}

// The query for the filters as the form holds them: empty ones left out, the text trimmed, and
// include_sub only with an agency.
export function userQuery(f: UserFilter): UserListQuery {
  const out: UserListQuery = {}
  if (f.agency_id) {
    out.agency_id = f.agency_id
    if (f.include_sub) out.include_sub = true
  }
  if (f.role) out.role = f.role
  if (f.status) out.status = f.status
  const q = (f.q ?? '').trim()
  if (q) out.q = q
  return out
}
