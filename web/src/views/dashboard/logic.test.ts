import { describe, expect, it } from 'vitest'
import { apiQuery, bandOf, casesRoute, filtersFromQuery, filtersToQuery, formatValue, rangeText } from './logic'

describe('casesRoute', () => {
  it('opens the case list with exactly the API parameters of the figure', () => {
    expect(casesRoute('/api/v1/cases?received_from=2026-01-01&received_to=2026-11-20&shared=false')).toEqual({
      path: '/workbench/cases',
      query: { received_from: '2026-01-01', received_to: '2026-11-20', shared: 'false' },
    })
    expect(casesRoute('/api/v1/cases?closed_from=2026-01-01&shared=false&in_limit=true&agency_id=3&include_sub=true')).toEqual({
      path: '/workbench/cases',
      query: { closed_from: '2026-01-01', shared: 'false', in_limit: 'true', agency_id: '3', include_sub: 'true' },
    })
  })
  it('decodes escapes and keeps repeated parameters', () => {
    expect(casesRoute('/api/v1/cases?q=%E5%A4%AA%E8%B0%B7&stage=filed&stage=trial')).toEqual({
      path: '/workbench/cases',
      query: { q: '太谷', stage: ['filed', 'trial'] },
    })
  })
  it('refuses what is not a case-list query', () => {
    expect(casesRoute(undefined)).toBeNull()
    expect(casesRoute('')).toBeNull()
    expect(casesRoute('/api/v1/parties?x=1')).toBeNull()
    expect(casesRoute('/api/v1/cases')).toEqual({ path: '/workbench/cases', query: {} })
  })
})

describe('filters', () => {
  it('round-trips through the URL and drops include_sub without an agency', () => {
    const f = filtersFromQuery({ from: '2026-01-01', to: 'bad', agency_id: '3', include_sub: 'true', kind: 'civil_first' })
    expect(f).toEqual({ from: '2026-01-01', to: undefined, agency_id: 3, include_sub: true, kind: 'civil_first' })
    expect(filtersToQuery(f)).toEqual({ from: '2026-01-01', to: undefined, agency_id: '3', include_sub: 'true', kind: 'civil_first' })
    expect(apiQuery({ include_sub: true, kind: '' })).toEqual({})
    expect(apiQuery({ agency_id: 3 })).toEqual({ agency_id: 3, include_sub: false })
  })
})

describe('formatting and the range band', () => {
  it('formats by unit', () => {
    expect(formatValue(98.6, 'percent')).toBe('98.6%')
    expect(formatValue(100.0, 'percent')).toBe('100%')
    expect(formatValue(1.256, 'ratio')).toBe('1.26')
    expect(formatValue(94.8, 'days')).toBe('94.8')
    expect(formatValue(12345)).toBe('12,345')
    expect(formatValue(null, 'percent')).toBe('—')
  })
  it('places the band and the value on the track', () => {
    expect(bandOf({ value: 95, unit: 'percent', range: { low: 90, high: 100 } })).toEqual({ low: 90, high: 100, value: 95, max: 100 })
    expect(bandOf({ value: 2, unit: 'ratio', range: { low: 1, high: 1.6 } })).toEqual({ low: 40, high: 64, value: 80, max: 2.5 })
    expect(bandOf({ value: null, unit: 'days', range: { low: null, high: null } })).toEqual({ low: 0, high: null, value: null, max: 1 })
    expect(bandOf({ value: 50, unit: 'percent', range: { low: 80, high: null } }).high).toBe(100)
    expect(rangeText({ unit: 'percent', range: { low: 80, high: null } })).toBe('≥ 80%')
    expect(rangeText({ unit: 'ratio', range: { low: 1, high: 1.6 } })).toBe('1 – 1.6')
  })
})
