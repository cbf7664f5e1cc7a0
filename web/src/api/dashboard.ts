// The dashboard (API.md "Dashboard"): every figure is {value, cases_query}, the case-list query
// whose total equals the figure, so every number opens the cases behind it.
import { get, put, type RequestOptions } from '@/utils/http'

export interface Figure {
  value: number
  cases_query?: string
}
export interface RatioFigure {
  value: number | null
  unit: 'percent' | 'ratio' | 'days'
  numerator: Figure
  denominator: Figure
}

export interface DashboardQuery {
  from?: string
  to?: string
  agency_id?: number
  include_sub?: boolean
  kind?: string
}

export interface DashboardSummary {
  from: string
  to: string
  as_of: string
  agency_id: number | null
  include_sub: boolean
  kind: string | null
  received: Figure
  closed: Figure
  pending: Figure
  closure_ratio: RatioFigure
  in_limit_rate: RatioFigure
  mean_trial_days: RatioFigure
  near: Figure
  overdue: Figure
}

// Ages since receipt: 1 month, 1–3, 3–6, 6–12 months, 1–2 years, over 2 years.
export type AgeBucketCode = 'm1' | 'm3' | 'm6' | 'm12' | 'y2' | 'over2y'
export interface AgeBucket extends Figure {
  code: AgeBucketCode
  label: string
}
export interface MonthRow {
  month: string
  received: Figure
  closed: Figure
}
export interface StageRow extends Figure {
  agency_id: number
  agency_name: string
  kind: string
  stage: string
  stage_label: string
}
export interface StageDaysRow {
  // Absent when the server sums a stage over every kind that has it (a stage code means the
  // same step in each).
  kind?: string
  stage: string
  stage_label: string
  mean_days: number | null
  exits: number
}
export type FlowType = 'transfer' | 'diversion' | 'appeal'
export interface FlowRow extends Figure {
  from_kind: string
  from_agency_type: string
  to_kind: string
  to_agency_type: string
  type: FlowType
}
export interface MapRow extends Figure {
  division: string
  area_code: string
}
export interface DashboardCharts {
  from: string
  to: string
  as_of: string
  age_buckets: AgeBucket[]
  monthly: MonthRow[]
  stage_days: StageDaysRow[]
  stages: StageRow[]
  flow: FlowRow[]
  map: MapRow[]
}

export type IndicatorStatus = 'within' | 'below' | 'above' | 'none'
export type IndicatorUnit = 'percent' | 'ratio'
// A numerator or denominator: a count of cases, or an amount in integer fen (unit 'fen', the
// enforcement recovery rate's), with the cases behind it.
export interface IndicatorPart extends Figure {
  unit?: 'fen'
}
export interface IndicatorRange {
  low: number | null
  high: number | null
}
export interface Indicator {
  code: string
  // Chinese, from the server.
  label: string
  value: number | null
  unit: IndicatorUnit
  range: IndicatorRange
  status: IndicatorStatus
  numerator: IndicatorPart
  denominator: IndicatorPart
  formula: string
  // Whether the caller may change the range (PUT indicator-ranges/{code}).
  can_edit_range: boolean
}
// Always the same indicators in the server's fixed order: never sorted, never a ranking.
export interface IndicatorsAnswer {
  from: string
  to: string
  as_of: string
  agency_id: number | null
  include_sub: boolean
  items: Indicator[]
}
export interface IndicatorRangeAnswer extends IndicatorRange {
  code: string
  updated_at: string
}

// The area code of the city level (city agencies' cases without a known place).
export const kCityLevelAreaCode = '140700'

export function getSummary(q: DashboardQuery, options?: RequestOptions): Promise<DashboardSummary> {
  return get<DashboardSummary>('/dashboard/summary', q, options)
}
export function getCharts(q: DashboardQuery, options?: RequestOptions): Promise<DashboardCharts> {
  return get<DashboardCharts>('/dashboard/charts', q, options)
}
export function getIndicators(q: Omit<DashboardQuery, 'kind'>, options?: RequestOptions): Promise<IndicatorsAnswer> {
  return get<IndicatorsAnswer>('/dashboard/indicators', q, options)
}
// Sets an indicator's reasonable range (null: no bound); permission dashboard:range:write.
export function putIndicatorRange(code: string, range: IndicatorRange, options?: RequestOptions): Promise<IndicatorRangeAnswer> {
  return put<IndicatorRangeAnswer>(`/dashboard/indicator-ranges/${encodeURIComponent(code)}`, range, options)
}
// The server-sent events stream: `change` {seq} after commits that change cases.
export const kDashboardEventsUrl = '/api/v1/dashboard/events'
