import { describe, expect, it } from 'vitest'
import { auditQuery, brokenId, kActionSuggestions, verifyVerdict } from './audit'

describe('auditQuery', () => {
  it('drops empty filters and splits the date range', () => {
    expect(auditQuery({ actor_id: null, actor_type: '', action: ' login.* ', entity: '', entity_id: null, outcome: 'failure', ip: '', range: ['2026-11-01', '2026-11-20'] }))
      .toEqual({ action: 'login.*', outcome: 'failure', from: '2026-11-01', to: '2026-11-20' })
  })
  it('keeps ids and removes spaces inside the action', () => {
    expect(auditQuery({ actor_id: 110, entity_id: 5, action: 'user. create', range: null })).toEqual({ actor_id: 110, entity_id: 5, action: 'user.create' })
  })
  it('gives nothing for an empty form', () => {
    expect(auditQuery({})).toEqual({})
  })
  it('offers prefixes that end in *', () => {
    expect(kActionSuggestions.filter((a) => a.includes('*')).every((a) => a.endsWith('.*'))).toBe(true)
  })
})

describe('verifyVerdict', () => {
  it('reads an intact chain', () => {
    expect(verifyVerdict({ ok: true, checked: 307 })).toEqual({ ok: true, checked: 307, broken: null })
  })
  it('finds the first broken entry under its usual names', () => {
    const entry = { id: 42, at: '2026-11-20T10:00:00+08:00', reason: 'hash mismatch' }
    expect(verifyVerdict({ ok: false, checked: 41, first_broken: entry }).broken).toEqual(entry)
    expect(verifyVerdict({ ok: false, checked: 41, broken: entry }).broken).toEqual(entry)
  })
  it('falls back to every other field', () => {
    expect(verifyVerdict({ ok: false, checked: 41, broken_id: 42, reason: 'prev_hash' })).toEqual({ ok: false, checked: 41, broken: { broken_id: 42, reason: 'prev_hash' } })
    expect(verifyVerdict({ ok: false, checked: 0 }).broken).toBeNull()
  })
  it('names the broken entry', () => {
    expect(brokenId({ id: 42 })).toBe(42)
    expect(brokenId({ entry_id: 7 })).toBe(7)
    expect(brokenId({ reason: 'x' })).toBeNull()
    expect(brokenId(null)).toBeNull()
  })
})
