// The permissions a role may hold (src/auth/principal.h kPermissions, docs/security.md), grouped
// by domain (the part before the first colon) for the checkbox grid.

export const kPermissions = [
  'case:record:read', 'case:record:create', 'case:record:update', 'case:record:transfer',
  'case:record:export', 'case:extension:approve', 'party:record:read', 'party:record:create',
  'party:pii:read', 'ip:record:read', 'ip:record:create', 'system:agency:read',
  'system:agency:write', 'system:user:read', 'system:user:write', 'system:role:read',
  'system:role:write', 'system:token:read', 'system:token:write', 'system:audit:read',
  'system:metrics:read', 'feed:change:read', 'dashboard:stat:read',
  'system:calendar:write', 'dashboard:range:write',
  'feed:webhook:read', 'feed:webhook:write',
] as const

// The domains in the order the grid shows them; a domain not listed here goes last.
export const kDomainOrder = ['case', 'party', 'ip', 'dashboard', 'feed', 'system']

export interface PermissionGroup {
  domain: string
  permissions: string[]
}

// Groups permissions by domain: known domains first in kDomainOrder, each group in the order
// given (kPermissions' order for the full list); duplicates dropped.
export function groupPermissions(perms: readonly string[]): PermissionGroup[] {
  const groups = new Map<string, string[]>()
  for (const p of perms) {
    const domain = p.includes(':') ? p.slice(0, p.indexOf(':')) : p
    const list = groups.get(domain) ?? []
    if (!list.includes(p)) list.push(p)
    groups.set(domain, list)
  }
  const rank = (d: string) => {
    const i = kDomainOrder.indexOf(d)
    return i === -1 ? kDomainOrder.length : i
  }
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([domain, permissions]) => ({ domain, permissions }))
}

// The full list plus any the server knows and this list does not (a newer server), so that a
// role's permissions are never hidden.
export function allPermissions(extra: Iterable<string> = []): string[] {
  const out: string[] = [...kPermissions]
  for (const p of extra) if (!out.includes(p)) out.push(p)
  return out
}

// A dictionary key for a permission's description: 'case:record:read' → 'case_record_read'.
export function permissionKey(p: string): string {
  return p.replace(/[^A-Za-z0-9]/g, '_')
}

// The state of a group's "all" checkbox given the selection and what may be chosen.
export function groupState(group: PermissionGroup, selected: readonly string[]): { all: boolean; some: boolean } {
  const n = group.permissions.filter((p) => selected.includes(p)).length
  return { all: n === group.permissions.length && n > 0, some: n > 0 && n < group.permissions.length }
}

// Toggles a whole group: on adds every permission of the group that may be chosen, off removes
// every one that may be chosen (ones the caller may not grant stay as they were).
export function toggleGroup(group: PermissionGroup, selected: readonly string[], on: boolean, choosable: (p: string) => boolean): string[] {
  const set = new Set(selected)
  for (const p of group.permissions) {
    if (!choosable(p)) continue
    if (on) set.add(p)
    else set.delete(p)
  }
  return allPermissions().filter((p) => set.has(p)).concat([...set].filter((p) => !allPermissions().includes(p)))
}
