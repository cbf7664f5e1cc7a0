// The working-day calendar (API.md "Calendar").
import { get } from '@/utils/http'

export type PeriodUnit = 'days' | 'working_days' | 'months'
export interface PeriodQuery {
  start: string
  length: number
  unit: PeriodUnit
  rest_day_rule?: 'next_working_day' | 'none'
}
export interface PeriodResult {
  due: string
  provisional: boolean
  moved_from: string | null
  crossed: { date: string; kind: string; name: string }[]
}
export function computePeriod(q: PeriodQuery): Promise<PeriodResult> {
  return get<PeriodResult>('/calendar/period', q, { silent: true })
}
