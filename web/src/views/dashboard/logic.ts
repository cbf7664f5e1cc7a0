// The dashboard's pure logic: drill-downs (a figure's cases_query → the case list's route),
// the filters ↔ URL query, value formatting, and the indicator's range band geometry.
import type { LocationQueryRaw, RouteLocationRaw } from 'vue-router'
import type { DashboardQuery, Indicator, IndicatorPart, IndicatorRange, IndicatorStatus, IndicatorUnit, RatioFigure } from '@/api/dashboard'
import { t } from '@/locales'

export const kCaseListPath = '/workbench/cases'

// "/api/v1/cases?received_from=…&shared=false" → the case list with exactly those parameters
// (the list reads the API's parameter names from its URL). Null when there is no query or it is
// not a case-list query.
export function casesRoute(casesQuery: string | null | undefined): RouteLocationRaw | null {
  if (!casesQuery) return null
  const at = casesQuery.indexOf('?')
  const path = (at >= 0 ? casesQuery.slice(0, at) : casesQuery).replace(/\/+$/, '')
  if (!/(^|\/)cases$/.test(path)) return null
  const query: Record<string, string | string[]> = {}
  for (const [k, v] of new URLSearchParams(at >= 0 ? casesQuery.slice(at + 1) : '')) {
    const prev = query[k]
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
  }
  return { path: kCaseListPath, query }
}

// The filters in the page's URL, so a drill-down and Back return to the same view.
export function filtersFromQuery(q: Record<string, unknown>): DashboardQuery {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)
  const date = (v: unknown) => (str(v) && /^\d{4}-\d{2}-\d{2}$/.test(v as string) ? (v as string) : undefined)
  const id = Number(str(q.agency_id))
  return {
    from: date(q.from),
    to: date(q.to),
    agency_id: Number.isInteger(id) && id > 0 ? id : undefined,
    include_sub: q.include_sub === 'true' ? true : undefined,
    kind: str(q.kind),
  }
}
export function filtersToQuery(f: DashboardQuery): LocationQueryRaw {
  return {
    from: f.from || undefined,
    to: f.to || undefined,
    agency_id: f.agency_id ? String(f.agency_id) : undefined,
    include_sub: f.agency_id && f.include_sub ? 'true' : undefined,
    kind: f.kind || undefined,
  }
}
// What the API is asked: include_sub only with an agency, empty values dropped.
export function apiQuery(f: DashboardQuery): DashboardQuery {
  const q: DashboardQuery = {}
  if (f.from) q.from = f.from
  if (f.to) q.to = f.to
  if (f.agency_id) {
    q.agency_id = f.agency_id
    q.include_sub = !!f.include_sub
  }
  if (f.kind) q.kind = f.kind
  return q
}

export type Unit = RatioFigure['unit'] | IndicatorUnit | 'count'

const trim = (v: number, digits: number) => {
  const s = v.toFixed(digits)
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s
}

// 98.6 → "98.6%", 94.8 days → "94.8", null → "—" (the unit goes beside it: unitText).
export function formatValue(value: number | null | undefined, unit: Unit = 'count'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return t('dashboard.none')
  if (unit === 'count') return Math.round(value).toLocaleString('en-US')
  if (unit === 'percent') return `${trim(value, 1)}%`
  if (unit === 'ratio') return trim(value, 2)
  return trim(value, 1)
}
export function unitText(unit: Unit): string {
  return unit === 'days' ? t('dashboard.unit.days') : unit === 'count' ? t('dashboard.unit.cases') : ''
}

// The indicator's bar: where the range band and the value sit on a 0–100 % track. Percentages
// use 0–100; ratios and days a scale wide enough for the range and the value.
export interface Band {
  low: number | null
  high: number | null
  value: number | null
  max: number
}
export function bandOf(ind: Pick<Indicator, 'value' | 'unit' | 'range'>): Band {
  const { low, high } = ind.range
  const v = ind.value
  let max: number
  if (ind.unit === 'percent') max = Math.max(100, v ?? 0)
  else {
    const top = Math.max(high ?? 0, low ?? 0, v ?? 0)
    max = top > 0 ? top * 1.25 : 1
  }
  const pct = (x: number | null) => (x === null ? null : Math.min(100, Math.max(0, (x / max) * 100)))
  return { low: low === null ? 0 : pct(low), high: high === null ? (low === null ? null : 100) : pct(high), value: pct(v), max }
}

export function statusTagType(status: IndicatorStatus): 'success' | 'warning' | 'danger' | 'info' {
  return status === 'within' ? 'success' : status === 'none' ? 'info' : 'warning'
}

// The status tag's dictionary key: the server's status, but "none" told apart — no value (no
// cases behind the denominator) or no range set.
export function statusKey(ind: Pick<Indicator, 'status' | 'value'>): string {
  if (ind.status !== 'none') return `dashboard.ind.status.${ind.status}`
  return ind.value === null ? 'dashboard.ind.status.none' : 'dashboard.ind.noRange'
}

// The range as text at the value's precision: "90.0% – 100.0%", "≥ 90.0%", "≤ 1.20", or "—".
export function rangeText(ind: Pick<Indicator, 'unit' | 'range'>): string {
  const { low, high } = ind.range
  const f = (x: number) => formatIndicatorValue(x, ind.unit)
  if (low !== null && high !== null) return `${f(low)} – ${f(high)}`
  if (low !== null) return `≥ ${f(low)}`
  if (high !== null) return `≤ ${f(high)}`
  return t('dashboard.none')
}

// An indicator's value at its fixed precision: a percentage with 1 decimal ("98.0%"), a ratio
// with 2 ("1.27"); null → "—".
export function formatIndicatorValue(value: number | null | undefined, unit: IndicatorUnit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return t('dashboard.none')
  return unit === 'percent' ? `${value.toFixed(1)}%` : value.toFixed(2)
}

// Integer fen as yuan with 2 decimals and thousands separators: 123456789 → "1,234,567.89".
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return t('dashboard.none')
  const n = Math.round(fen)
  const abs = Math.abs(n)
  const yuan = Math.floor(abs / 100).toLocaleString('en-US')
  const cents = String(abs % 100).padStart(2, '0')
  return `${n < 0 ? '-' : ''}${yuan}.${cents}`
}

// A numerator or denominator: an amount (unit 'fen') in yuan, else a count of cases.
export function formatPart(part: Pick<IndicatorPart, 'value' | 'unit'>): string {
  return part.unit === 'fen' ? formatFen(part.value) : formatValue(part.value)
}
export function partUnitText(part: Pick<IndicatorPart, 'unit'>): string {
  return part.unit === 'fen' ? t('dashboard.unit.yuan') : t('dashboard.unit.cases')
}

// The range dialog's two bounds: an empty input (null/undefined) is no bound.
export interface RangeDraft {
  low: number | null | undefined
  high: number | null | undefined
}
export type RangeField = 'low' | 'high'
export interface RangeProblem {
  field: RangeField
  message: string
}
// What the PUT sends: empty inputs become null.
export function rangeBody(d: RangeDraft): IndicatorRange {
  const v = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? null : x)
  return { low: v(d.low), high: v(d.high) }
}
// The dialog's own checks before the server's: no negative bound, a percentage within 0–100,
// and low ≤ high when both are set (an error on the lower bound, as the server reports it).
// Null when the range may be sent.
export function validateRange(d: RangeDraft, unit: IndicatorUnit): RangeProblem | null {
  const r = rangeBody(d)
  for (const field of ['low', 'high'] as const) {
    const x = r[field]
    if (x === null) continue
    if (x < 0) return { field, message: t('dashboard.ind.edit.negative') }
    if (unit === 'percent' && x > 100) return { field, message: t('dashboard.ind.edit.over100') }
  }
  if (r.low !== null && r.high !== null && r.low > r.high) return { field: 'low', message: t('dashboard.ind.edit.order') }
  return null
}
// A server field error's path ("low", "high", "$.low", "body.high") → the dialog's field, if any.
export function rangeFieldOf(path: string | undefined): RangeField | null {
  if (!path) return null
  const m = /(?:^|[.$])(low|high)$/.exec(path)
  return m ? (m[1] as RangeField) : null
}
