// Accounts (system:user:read / write). GET /users lists the caller's agency scope by id, a page at
// a time, filtered on the server; phone numbers come masked where the rules say so and are never
// unmasked here.
import { get, patch, post } from '@/utils/http'
import type { User as UserDetail } from '@/api/auth'

export type { UserDetail }

// A row of GET /users (the list leaves out phone and a few details).
export interface UserRow {
  id: number
  uid: string
  username: string
  display_name: string
  agency_id: number
  agency_name: string
  title: string | null
  role: string | null
  role_name: string | null
  disabled: boolean
  locked_until: string | null
  totp_enabled: boolean
  last_login_at: string | null
}
// disabled: locked by an administrator (POST /lock); locked: too many failed logins, until
// `locked_until`; active otherwise.
export type UserStatus = 'active' | 'disabled' | 'locked'
export interface UserListQuery {
  agency_id?: number
  include_sub?: boolean
  role?: string
  status?: UserStatus
  // Any part of the login name, the name or the title.
  q?: string
}
export interface UserList {
  items: UserRow[]
  next_cursor: string | null
  total?: number
}
export interface NewUser {
  username: string
  display_name: string
  agency_id: number
  role: string
  password?: string
  title?: string
  phone?: string
}
// A JSON merge patch (RFC 7396): only the fields that changed; null clears title or phone.
export interface UserPatch {
  display_name?: string
  agency_id?: number
  role?: string
  title?: string | null
  phone?: string | null
}

const kMergePatch = { headers: { 'Content-Type': 'application/merge-patch+json' } }

export function listUsers(query: UserListQuery = {}, cursor?: string, limit?: number): Promise<UserList> {
  return get<UserList>('/users', { ...query, cursor, limit })
}
// Every user `query` matches, page after page: the pickers' lists of an agency's people.
export async function listAllUsers(query: UserListQuery = {}): Promise<UserRow[]> {
  const out: UserRow[] = []
  let cursor: string | undefined
  do {
    const page = await listUsers(query, cursor, 500)
    out.push(...page.items)
    cursor = page.next_cursor ?? undefined
  } while (cursor)
  return out
}
export function getUser(id: number): Promise<UserDetail> {
  return get<UserDetail>(`/users/${id}`)
}
export function createUser(input: NewUser): Promise<UserDetail> {
  return post<UserDetail>('/users', input, { silent: true })
}
export function updateUser(id: number, change: UserPatch): Promise<UserDetail> {
  return patch<UserDetail>(`/users/${id}`, change, { silent: true, ...kMergePatch })
}
// Sets a password; the user must change it at the next login unless must_change_password false.
export function setUserPassword(id: number, password: string, must_change_password = true): Promise<void> {
  return post<void>(`/users/${id}/password`, { password, must_change_password }, { silent: true })
}
// Disables the account and ends its sessions.
export function lockUser(id: number): Promise<UserDetail> {
  return post<UserDetail>(`/users/${id}/lock`)
}
// Enables the account and clears its failed logins.
export function unlockUser(id: number): Promise<UserDetail> {
  return post<UserDetail>(`/users/${id}/unlock`)
}
// Clears the user's TOTP so that they enrol again.
export function resetUserTotp(id: number): Promise<UserDetail> {
  return post<UserDetail>(`/users/${id}/totp-reset`)
}
