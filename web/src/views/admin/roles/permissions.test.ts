import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasKey } from '@/locales'
import { allPermissions, groupPermissions, groupState, kPermissions, permissionKey, toggleGroup } from './permissions'

describe('kPermissions', () => {
  it('is the server list (src/auth/principal.h kPermissions)', () => {
    const header = readFileSync(resolve(__dirname, '../../../../../src/auth/principal.h'), 'utf8')
    const block = /kPermissions\[\]\s*=\s*\{([\s\S]*?)\};/.exec(header)
    expect(block).not.toBeNull()
    const server = [...block![1].matchAll(/"([^"]+)"/g)].map((m) => m[1])
    expect([...kPermissions].sort()).toEqual(server.sort())
  })
  it('has a Chinese description for every permission and domain', () => {
    for (const p of kPermissions) expect(hasKey(`admin.permissions.${permissionKey(p)}`), p).toBe(true)
    for (const g of groupPermissions(kPermissions)) expect(hasKey(`admin.permissionDomains.${g.domain}`), g.domain).toBe(true)
  })
})

describe('groupPermissions', () => {
  it('groups by domain in the fixed domain order, keeping the given order inside', () => {
    const groups = groupPermissions(['system:user:read', 'case:record:update', 'zeta:x:y', 'case:record:read', 'feed:webhook:read', 'case:record:read'])
    expect(groups).toEqual([
      { domain: 'case', permissions: ['case:record:update', 'case:record:read'] },
      { domain: 'feed', permissions: ['feed:webhook:read'] },
      { domain: 'system', permissions: ['system:user:read'] },
      { domain: 'zeta', permissions: ['zeta:x:y'] },
    ])
  })
  it('covers every permission exactly once', () => {
    const groups = groupPermissions(kPermissions)
    expect(groups.flatMap((g) => g.permissions).sort()).toEqual([...kPermissions].sort())
    expect(groups.map((g) => g.domain)).toEqual(['case', 'party', 'ip', 'dashboard', 'feed', 'system'])
  })
})

describe('allPermissions', () => {
  it('adds unknown permissions the server sent', () => {
    expect(allPermissions(['case:record:read', 'new:thing:do']).slice(-1)).toEqual(['new:thing:do'])
    expect(allPermissions().length).toBe(kPermissions.length)
  })
})

describe('group checkbox', () => {
  const feed = { domain: 'feed', permissions: ['feed:change:read', 'feed:webhook:read', 'feed:webhook:write'] }
  it('reports all, some or none', () => {
    expect(groupState(feed, [])).toEqual({ all: false, some: false })
    expect(groupState(feed, ['feed:webhook:read'])).toEqual({ all: false, some: true })
    expect(groupState(feed, feed.permissions)).toEqual({ all: true, some: false })
  })
  it('toggles only what may be chosen', () => {
    const mayGrant = (p: string) => p !== 'feed:webhook:write'
    const on = toggleGroup(feed, ['case:record:read'], true, mayGrant)
    expect(on).toEqual(['case:record:read', 'feed:change:read', 'feed:webhook:read'])
    const off = toggleGroup(feed, ['feed:webhook:write', 'feed:change:read'], false, mayGrant)
    expect(off).toEqual(['feed:webhook:write'])
  })
})
