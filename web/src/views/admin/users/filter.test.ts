import { describe, expect, it } from 'vitest'
import type { UserRow } from '@/api/users'
import { userQuery, userStatus } from './filter'

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

describe('userQuery', () => {
  it('sends only the filters set, the text trimmed', () => {
    expect(userQuery({ role: 'handler', status: '', q: '  ' })).toEqual({ role: 'handler' })
    expect(userQuery({ status: 'locked', q: ' 书记员 ' })).toEqual({ status: 'locked', q: '书记员' })
    expect(userQuery({})).toEqual({})
  })
  it('sends include_sub only with an agency', () => {
    expect(userQuery({ include_sub: true })).toEqual({})
    expect(userQuery({ agency_id: 14, include_sub: true })).toEqual({ agency_id: 14, include_sub: true })
    expect(userQuery({ agency_id: 14, include_sub: false })).toEqual({ agency_id: 14 })
  })
})
