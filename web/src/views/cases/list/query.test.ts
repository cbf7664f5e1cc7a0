import { describe, expect, it } from 'vitest'
import {
  emptyForm, filtersFromForm, filtersFromQuery, formFromFilters, formatTimestamp, formatYuan, hasAdvanced,
  queryFromFilters, sameQuery, sortFromTable, tableFromSort,
} from './query'

describe('case list query', () => {
  it('reads a dashboard drill-down link with the API parameter names', () => {
    const f = filtersFromQuery({ kind: 'civil_first', agency_id: '3', include_sub: 'true', deadline: 'overdue' })
    expect(f).toEqual({ kind: 'civil_first', agency_id: 3, include_sub: true, deadline: 'overdue' })
  })

  it('keeps the drill-down extras and comma lists', () => {
    const f = filtersFromQuery({
      kind: 'civil_first,civil_second', shared: 'false', received_from: '2026-01-01', received_to: '2026-06-30',
      filed: 'false', in_limit: 'true', pending_on: '2026-11-20',
    })
    expect(f).toEqual({
      kind: 'civil_first,civil_second', shared: false, received_from: '2026-01-01', received_to: '2026-06-30',
      filed: false, in_limit: true, pending_on: '2026-11-20',
    })
  })

  it('drops unknown, empty and malformed values', () => {
    const f = filtersFromQuery({
      foo: 'bar', q: '  ', agency_id: 'x', handler_id: '0', filed_from: '2026/01/01', deadline: 'soon',
      sort: 'title', include_sub: 'false', party_id: ['12', '13'],
    })
    expect(f).toEqual({ party_id: 12 })
  })

  it('writes the query back in the same names and round-trips', () => {
    const query = {
      kind: 'complaint', agency_id: '14', include_sub: 'true', status: 'filed', filed_from: '2026-01-01',
      filed_to: '2026-03-31', closed_from: '2026-02-01', closed_to: '2026-02-28', party_id: '5', ip_right_id: '6',
      handler_id: '7', deadline: 'near', q: '小米', sort: '-filed_on', shared: 'false',
    }
    const f = filtersFromQuery(query)
    expect(queryFromFilters(f)).toEqual(query)
    expect(queryFromFilters({ include_sub: false, q: '' })).toEqual({})
  })

  it('maps the form to filters and back', () => {
    const f = filtersFromQuery({ kind: 'civil_first', agency_id: '3', include_sub: 'true', filed_from: '2026-01-01', sort: 'case_number', pending_on: '2026-11-20' })
    const form = formFromFilters(f)
    expect(form.filed).toEqual(['2026-01-01', ''])
    expect(form.include_sub).toBe(true)
    expect(hasAdvanced(form)).toBe(true)
    expect(filtersFromForm(form, f)).toEqual(f)
    // include_sub without an agency means nothing and is left out; q is trimmed.
    const bare = { ...emptyForm(), include_sub: true, q: ' 张伟 ' }
    expect(filtersFromForm(bare)).toEqual({ q: '张伟' })
    expect(hasAdvanced(emptyForm())).toBe(false)
  })

  it('maps table sorting to the API sort', () => {
    expect(sortFromTable('filed_on', 'descending')).toBe('-filed_on')
    expect(sortFromTable('claim_amount_fen', 'ascending')).toBe('claim_amount_fen')
    expect(sortFromTable('filed_on', null)).toBeUndefined()
    expect(sortFromTable('title', 'ascending')).toBeUndefined()
    expect(tableFromSort('-case_number')).toEqual({ prop: 'case_number', order: 'descending' })
    expect(tableFromSort(undefined)).toBeUndefined()
  })

  it('compares queries', () => {
    expect(sameQuery({ a: '1', b: '2' }, { b: '2', a: '1' })).toBe(true)
    expect(sameQuery({ a: '1' }, { a: '1', b: '2' })).toBe(false)
  })

  it('formats fen as yuan', () => {
    expect(formatYuan(2014000)).toBe('20,140.00')
    expect(formatYuan(5)).toBe('0.05')
    expect(formatYuan(-123456)).toBe('-1,234.56')
    expect(formatYuan(null)).toBe('')
  })

  it('formats timestamps in China time as written', () => {
    expect(formatTimestamp('2026-11-17T08:32:55+08:00')).toBe('2026-11-17 08:32')
    expect(formatTimestamp(null)).toBe('')
  })
})
