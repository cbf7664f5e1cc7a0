import { describe, expect, it } from 'vitest'
import type { Alert } from '@/api/alerts'
import { daysLeftLevel, daysLeftText, isApprover, isEscalation, isMine, levelLabel, levelTagType, myAlerts, openStatuses, periodText, slicePage, withCount } from './logic'

function alert(p: Partial<Alert>): Alert {
  return {
    case_id: 1, case_number: 'X', title: 'T', kind: 'civil_first', agency_name: 'A', handler_id: 11, handler_name: 'H',
    deadline: 'trial_ordinary', deadline_label: 'L', due: '2026-12-01', days_left: 3, level: 'near', notify: 'handler', ...p,
  }
}

describe('whose alerts are mine', () => {
  const items = [
    alert({ case_id: 1, handler_id: 11, notify: 'handler', level: 'near' }),
    alert({ case_id: 2, handler_id: 11, notify: 'approver', level: 'overdue' }),
    alert({ case_id: 3, handler_id: 13, notify: 'handler', level: 'near' }),
    alert({ case_id: 4, handler_id: 13, notify: 'approver', level: 'overdue' }),
    alert({ case_id: 5, handler_id: null, notify: 'approver', level: 'near' }),
  ]
  it('gives a handler the cases they handle, escalated or not', () => {
    expect(myAlerts(items, { id: 11, approver: false }).map((a) => a.case_id)).toEqual([1, 2])
    expect(myAlerts(items, { id: 11, approver: false }, 'overdue').map((a) => a.case_id)).toEqual([2])
  })
  it('gives an approver their own cases and every escalation in scope', () => {
    expect(myAlerts(items, { id: 4, approver: true }).map((a) => a.case_id)).toEqual([2, 4, 5])
    expect(myAlerts(items, { id: 13, approver: true }).map((a) => a.case_id)).toEqual([2, 3, 4, 5])
  })
  it('marks escalations only on other people’s cases', () => {
    expect(isEscalation(items[3], { id: 4, approver: true })).toBe(true)
    expect(isEscalation(items[3], { id: 13, approver: true })).toBe(false)
    expect(isEscalation(items[3], { id: 4, approver: false })).toBe(false)
    expect(isMine(items[2], { id: 4, approver: true })).toBe(false)
  })
  it('knows an approver by role or by permission', () => {
    expect(isApprover('approver', [])).toBe(true)
    expect(isApprover('agency_admin', ['case:extension:approve'])).toBe(true)
    expect(isApprover('handler', ['case:record:read'])).toBe(false)
    expect(isApprover(undefined, [])).toBe(false)
  })
})

describe('days left', () => {
  it('reads as time left, due today or overdue', () => {
    expect(daysLeftText(12)).toBe('剩余 12 天')
    expect(daysLeftText(0)).toBe('今日届满')
    expect(daysLeftText(-86)).toBe('超期 86 天')
  })
  it('takes the colour of its level', () => {
    expect(daysLeftLevel(-1)).toBe('overdue')
    expect(daysLeftLevel(3)).toBe('near')
    expect(daysLeftLevel(30)).toBe('normal')
    expect(daysLeftLevel(30, 'near')).toBe('near')
    expect(daysLeftLevel(0, 'overdue')).toBe('overdue')
  })
  it('maps levels to tag types and labels', () => {
    expect(levelTagType('overdue')).toBe('danger')
    expect(levelTagType('near')).toBe('warning')
    expect(levelTagType('normal')).toBe('success')
    expect(levelTagType(null)).toBe('info')
    expect(levelLabel('near')).toBe('临近期限')
    expect(levelLabel('bogus')).toBe('')
  })
})

describe('lists', () => {
  it('keeps every status but closed as open', () => {
    const opts = ['received', 'filed', 'suspended', 'closed'].map((value) => ({ value, label: value }))
    expect(openStatuses(opts)).toEqual(['received', 'filed', 'suspended'])
    expect(openStatuses([])).toEqual(['received', 'filed', 'suspended'])
  })
  it('pages a list in memory with offset cursors', () => {
    const all = Array.from({ length: 45 }, (_, i) => i)
    const p1 = slicePage(all, undefined, 20)
    expect(p1.items).toEqual(all.slice(0, 20))
    expect(p1.next_cursor).toBe('20')
    expect(p1.total).toBe(45)
    const p3 = slicePage(all, '40', 20)
    expect(p3.items).toEqual([40, 41, 42, 43, 44])
    expect(p3.next_cursor).toBeNull()
    expect(slicePage([], undefined, 20)).toEqual({ items: [], next_cursor: null, total: 0 })
    expect(slicePage(all, 'junk', 10).items[0]).toBe(0)
  })
  it('labels tabs with their counts', () => {
    expect(withCount('A', undefined)).toBe('A')
    expect(withCount('A', 3)).toBe('A (3)')
    expect(withCount('A', 20, true)).toBe('A (20+)')
  })
  it('reads an extension period in its unit', () => {
    expect(periodText(3, 'months')).toBe('3 个月')
    expect(periodText(15, 'working_days')).toBe('15 个工作日')
    expect(periodText(30, 'days')).toBe('30 天')
  })
})
