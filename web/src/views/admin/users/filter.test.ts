import { describe, expect, it } from 'vitest'
import type { UserRow } from '@/api/users'
import { filterUsers, userStatus } from './filter'

const now = Date.parse('2026-11-20T10:00:00+08:00')
function user(id: number, extra: Partial<UserRow>): UserRow {
  return {
    id, uid: `u${id}`, username: `user${id}`, display_name: `用户${id}`, agency_id: 2, agency_name: '晋中市中级人民法院',
    title: null, role: 'clerk', role_name: '立案登记员', disabled: false, locked_until: null, totp_enabled: false, last_login_at: null,
    ...extra,
  }
}
const users = [
  user(1, { username: 'jzzy_clerk', display_name: '赵颖倩', title: '立案庭书记员' }),
  user(2, { username: 'jzzy_judge_07', display_name: '王晓', role: 'handler', role_name: '承办人', disabled: true }),
  user(3, { username: 'yc_admin', agency_name: '榆次区人民法院', role: 'agency_admin', locked_until: '2026-11-20T10:10:00+08:00' }),
  user(4, { username: 'old_lock', locked_until: '2026-11-20T09:00:00+08:00' }),
]

describe('userStatus', () => {
  it('tells disabled, locked (until a time in the future) and active apart', () => {
    expect(users.map((u) => userStatus(u, now))).toEqual(['active', 'disabled', 'locked', 'active'])
  })
})

describe('filterUsers', () => {
  it('filters by role, status and text', () => {
    expect(filterUsers(users, { role: 'handler' }, now).map((u) => u.id)).toEqual([2])
    expect(filterUsers(users, { status: 'active' }, now).map((u) => u.id)).toEqual([1, 4])
    expect(filterUsers(users, { q: '书记员' }, now).map((u) => u.id)).toEqual([1])
    expect(filterUsers(users, { q: 'JZZY' }, now).map((u) => u.id)).toEqual([1, 2])
    expect(filterUsers(users, { q: '榆次' }, now).map((u) => u.id)).toEqual([3])
  })
  it('combines filters and ignores empty ones', () => {
    expect(filterUsers(users, { role: 'clerk', status: '', q: ' ' }, now).map((u) => u.id)).toEqual([1, 4])
    expect(filterUsers(users, { role: 'clerk', q: 'old' }, now).map((u) => u.id)).toEqual([4])
  })
})
