// Roles: permissions and data scope (system:role:read / write). Shipped roles are read-only (409).
import { get, patch, post } from '@/utils/http'

export type DataScope = 'all' | 'agency' | 'agency_and_below' | 'own_cases' | 'custom'

export interface Role {
  id: number
  code: string
  name: string
  data_scope: DataScope
  permissions: string[]
  builtin: boolean
  requires_totp: boolean
  // The agencies of a custom scope.
  agency_ids: number[]
}
export interface RoleInput {
  code?: string // create only
  name?: string
  data_scope?: DataScope
  permissions?: string[]
  agency_ids?: number[]
  requires_totp?: boolean
}

export function listRoles(): Promise<{ items: Role[] }> {
  return get<{ items: Role[] }>('/roles')
}
export function createRole(input: RoleInput): Promise<Role> {
  return post<Role>('/roles', input, { silent: true })
}
export function updateRole(id: number, change: RoleInput): Promise<Role> {
  return patch<Role>(`/roles/${id}`, change, { silent: true, headers: { 'Content-Type': 'application/merge-patch+json' } })
}
