import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { t } from '@/locales'
import { checkHolidayFile } from './holidays'

describe('checkHolidayFile', () => {
  it('accepts the shipped data/holidays-cn.json', () => {
    const text = readFileSync(resolve(__dirname, '../../../../../data/holidays-cn.json'), 'utf8')
    const c = checkHolidayFile(text)
    expect(c.ok).toBe(true)
    if (c.ok) {
      expect(c.years).toContain(2026)
      expect(c.holidays).toBeGreaterThan(100)
      expect(c.workdays).toBeGreaterThan(10)
    }
  })
  it('accepts the example in the dictionary', () => {
    const c = checkHolidayFile(t('admin.calendar.exampleJson'))
    expect(c).toMatchObject({ ok: true, years: [2027], holidays: 1, workdays: 1 })
  })
  it('names what is wrong', () => {
    expect(checkHolidayFile('  ')).toEqual({ ok: false, problem: 'empty' })
    expect(checkHolidayFile('{"covers": [2027],')).toMatchObject({ ok: false, problem: 'json' })
    expect(checkHolidayFile('[2027]')).toMatchObject({ ok: false, problem: 'object' })
    expect(checkHolidayFile('{"days": []}')).toMatchObject({ ok: false, problem: 'covers' })
    expect(checkHolidayFile('{"covers": ["2027"], "days": []}')).toMatchObject({ ok: false, problem: 'covers' })
    expect(checkHolidayFile('{"covers": [2027]}')).toMatchObject({ ok: false, problem: 'days' })
    expect(checkHolidayFile('{"covers": [2027], "days": [{"date": "2027-01-01", "kind": "rest", "name": "元旦"}]}')).toMatchObject({ ok: false, problem: 'day', index: 0 })
    expect(checkHolidayFile('{"covers": [2027], "days": [{"date": "2027-01-01", "kind": "holiday", "name": "元旦"}, {"date": "2027-1-2", "kind": "holiday", "name": "元旦"}]}')).toMatchObject({ ok: false, problem: 'day', index: 1 })
    expect(checkHolidayFile('{"covers": [2027], "days": [{"date": "2028-01-01", "kind": "holiday", "name": "元旦"}]}')).toMatchObject({ ok: false, problem: 'outside', detail: '2028-01-01' })
  })
})
