// The dashboard (API.md "Dashboard"): every figure is {value, cases_query}, the case-list query
// whose total equals the figure, so every number opens the cases behind it.
import { get, type RequestOptions } from '@/utils/http'

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
  // Not served yet by every server version (issue 8 is being built): a panel whose data is
  // absent is not shown.
  stages?: StageRow[]
  flow?: FlowRow[]
  map?: MapRow[]
}

export type IndicatorStatus = 'within' | 'below' | 'above' | 'none'
export interface Indicator {
  code: string
  label: string
  value: number | null
  unit: 'percent' | 'ratio' | 'days'
  range: { low: number | null; high: number | null }
  status: IndicatorStatus
  numerator: Figure
  denominator: Figure
  formula: string
}

// The area code of the city level (city agencies' cases without a known place).
export const kCityLevelAreaCode = '140700'

export function getSummary(q: DashboardQuery, options?: RequestOptions): Promise<DashboardSummary> {
  return get<DashboardSummary>('/dashboard/summary', q, options)
}
export function getCharts(q: DashboardQuery, options?: RequestOptions): Promise<DashboardCharts> {
  return get<DashboardCharts>('/dashboard/charts', q, options)
}
export function getIndicators(q: Omit<DashboardQuery, 'kind'>, options?: RequestOptions): Promise<{ items: Indicator[] }> {
  return get<{ items: Indicator[] }>('/dashboard/indicators', q, options)
}
// The server-sent events stream: `change` {seq} after commits that change cases.
export const kDashboardEventsUrl = '/api/v1/dashboard/events'
