import { describe, expect, it } from 'vitest'
import { apiQuery, bandOf, casesRoute, filtersFromQuery, filtersToQuery, formatFen, formatIndicatorValue, formatPart, formatValue, partUnitText, rangeBody, rangeFieldOf, rangeText, statusKey, validateRange } from './logic'

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
    expect(bandOf({ value: null, unit: 'ratio', range: { low: null, high: null } })).toEqual({ low: 0, high: null, value: null, max: 1 })
    expect(bandOf({ value: 50, unit: 'percent', range: { low: 80, high: null } }).high).toBe(100)
    expect(rangeText({ unit: 'percent', range: { low: 80, high: null } })).toBe('≥ 80.0%')
    expect(rangeText({ unit: 'percent', range: { low: null, high: 5 } })).toBe('≤ 5.0%')
    expect(rangeText({ unit: 'ratio', range: { low: 1, high: 1.6 } })).toBe('1.00 – 1.60')
    expect(rangeText({ unit: 'ratio', range: { low: null, high: null } })).toBe('—')
  })
})

describe('indicator values and parts', () => {
  it('shows a percentage with 1 decimal and a ratio with 2, always', () => {
    expect(formatIndicatorValue(98.6, 'percent')).toBe('98.6%')
    expect(formatIndicatorValue(100, 'percent')).toBe('100.0%')
    expect(formatIndicatorValue(12.345, 'percent')).toBe('12.3%')
    expect(formatIndicatorValue(0, 'percent')).toBe('0.0%')
    expect(formatIndicatorValue(1.27, 'ratio')).toBe('1.27')
    expect(formatIndicatorValue(1, 'ratio')).toBe('1.00')
    expect(formatIndicatorValue(1.255555, 'ratio')).toBe('1.26')
    expect(formatIndicatorValue(null, 'ratio')).toBe('—')
    expect(formatIndicatorValue(Number.NaN, 'percent')).toBe('—')
  })
  it('shows fen as yuan with 2 decimals', () => {
    expect(formatFen(0)).toBe('0.00')
    expect(formatFen(5)).toBe('0.05')
    expect(formatFen(100)).toBe('1.00')
    expect(formatFen(123456789)).toBe('1,234,567.89')
    expect(formatFen(-250)).toBe('-2.50')
    expect(formatFen(900719925474099)).toBe('9,007,199,254,740.99')
    expect(formatFen(null)).toBe('—')
  })
  it('formats a part by its unit: amounts in yuan, else a count of cases', () => {
    expect(formatPart({ value: 1234500, unit: 'fen' })).toBe('12,345.00')
    expect(partUnitText({ unit: 'fen' })).toBe('元')
    expect(formatPart({ value: 1234 })).toBe('1,234')
    expect(partUnitText({})).toBe('件')
  })
})

describe('the range dialog', () => {
  it('sends empty bounds as null', () => {
    expect(rangeBody({ low: undefined, high: 95 })).toEqual({ low: null, high: 95 })
    expect(rangeBody({ low: null, high: null })).toEqual({ low: null, high: null })
    expect(rangeBody({ low: 0, high: Number.NaN })).toEqual({ low: 0, high: null })
  })
  it('accepts low ≤ high, one bound, or none', () => {
    expect(validateRange({ low: 90, high: 100 }, 'percent')).toBeNull()
    expect(validateRange({ low: 95, high: 95 }, 'percent')).toBeNull()
    expect(validateRange({ low: null, high: 1.6 }, 'ratio')).toBeNull()
    expect(validateRange({ low: 1.2, high: undefined }, 'ratio')).toBeNull()
    expect(validateRange({ low: null, high: null }, 'percent')).toBeNull()
    expect(validateRange({ low: 0, high: 0 }, 'ratio')).toBeNull()
  })
  it('refuses low > high on the lower bound, as the server does', () => {
    expect(validateRange({ low: 96, high: 90 }, 'percent')).toEqual({ field: 'low', message: '下限不能高于上限' })
    expect(validateRange({ low: 1.5, high: 1.49 }, 'ratio')?.field).toBe('low')
  })
  it('refuses a negative bound and a percentage over 100', () => {
    expect(validateRange({ low: -1, high: 50 }, 'percent')).toEqual({ field: 'low', message: '不能为负数' })
    expect(validateRange({ low: 50, high: 100.1 }, 'percent')).toEqual({ field: 'high', message: '百分比不能超过 100' })
    expect(validateRange({ low: 1, high: 150 }, 'ratio')).toBeNull()
  })
  it('maps a server field path to the dialog field', () => {
    expect(rangeFieldOf('low')).toBe('low')
    expect(rangeFieldOf('$.high')).toBe('high')
    expect(rangeFieldOf('body.low')).toBe('low')
    expect(rangeFieldOf('code')).toBeNull()
    expect(rangeFieldOf('highest')).toBeNull()
    expect(rangeFieldOf(undefined)).toBeNull()
  })
})

describe('statusKey', () => {
  it('tells a missing value from a missing range', () => {
    expect(statusKey({ status: 'within', value: 95 })).toBe('dashboard.ind.status.within')
    expect(statusKey({ status: 'none', value: null })).toBe('dashboard.ind.status.none')
    expect(statusKey({ status: 'none', value: 12.5 })).toBe('dashboard.ind.noRange')
  })
})
