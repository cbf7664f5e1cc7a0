// The user list's filters applied in the browser (GET /users filters by agency only) and a user's
// status.
import type { UserRow } from '@/api/users'

export type UserStatus = 'active' | 'disabled' | 'locked'

// disabled: locked by an administrator (POST /lock); locked: too many failed logins, until
// `locked_until`; active otherwise.
export function userStatus(u: Pick<UserRow, 'disabled' | 'locked_until'>, now = Date.now()): UserStatus {
  if (u.disabled) return 'disabled'
  if (u.locked_until && Date.parse(u.locked_until) > now) return 'locked'
  return 'active'
}

export interface UserFilter {
  role?: string
  status?: UserStatus | ''
  q?: string
}

export function filterUsers(users: UserRow[], f: UserFilter, now = Date.now()): UserRow[] {
  const q = (f.q ?? '').trim().toLowerCase()
  return users.filter((u) => {
    if (f.role && u.role !== f.role) return false
    if (f.status && userStatus(u, now) !== f.status) return false
    if (q && ![u.username, u.display_name, u.title ?? '', u.agency_name].some((v) => v.toLowerCase().includes(q))) return false
    return true
  })
}
