// The dashboard's pure logic: drill-downs (a figure's cases_query → the case list's route),
// the filters ↔ URL query, value formatting, and the indicator's range band geometry.
import type { LocationQueryRaw, RouteLocationRaw } from 'vue-router'
import type { DashboardQuery, Indicator, IndicatorStatus, RatioFigure } from '@/api/dashboard'
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

export type Unit = RatioFigure['unit'] | 'count'

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

// The range as text: "90%–100%", "≥ 90%", "≤ 1.2", or "—".
export function rangeText(ind: Pick<Indicator, 'unit' | 'range'>): string {
  const { low, high } = ind.range
  const f = (x: number) => formatValue(x, ind.unit)
  if (low !== null && high !== null) return `${f(low)} – ${f(high)}`
  if (low !== null) return `≥ ${f(low)}`
  if (high !== null) return `≤ ${f(high)}`
  return t('dashboard.none')
}
