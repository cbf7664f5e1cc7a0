// The working-day calendar (API.md "Calendar").
import { get } from '@/utils/http'

export type PeriodUnit = 'days' | 'working_days' | 'months'
export type RestDayRule = 'next_working_day' | 'none'
export interface PeriodQuery {
  start: string
  length: number
  unit: PeriodUnit
  rest_day_rule?: RestDayRule
}
// A listed day the period crossed: a public holiday, or a weekend made a working day (调休上班).
export interface CrossedDay {
  date: string
  kind: 'holiday' | 'workday' | string
  name: string
}
export interface PeriodResult {
  due: string
  // The period reaches a year whose holidays are not yet announced.
  provisional: boolean
  // The last day before it moved off a rest day (民诉法 Art. 85), or null.
  moved_from: string | null
  crossed: CrossedDay[]
}
// Public; silent so that the calculator shows the error next to the field.
export function computePeriod(q: PeriodQuery): Promise<PeriodResult> {
  return get<PeriodResult>('/calendar/period', q, { silent: true })
}
