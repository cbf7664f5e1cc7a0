// The holiday calendar's years (GET /calendar/years) and loading a newly announced year
// (PUT /calendar/years, system:calendar:write) in the format of data/holidays-cn.json.
import { get, put } from '@/utils/http'

export interface CalendarYear {
  year: number
  source: string | null
  // How many holidays the year lists.
  holidays: number
  workdays?: number
  provisional: boolean
  loaded_at?: string | null
  loaded_by?: string | null
  [key: string]: unknown
}
export interface CalendarLoadResult {
  years: number[]
  recomputed_cases: number
}

export function listCalendarYears(): Promise<{ items: CalendarYear[] }> {
  return get<{ items: CalendarYear[] }>('/calendar/years', undefined, { silent: true })
}
// The body is sent as the text given (already checked to be JSON), unchanged.
export function loadCalendarYears(json: string): Promise<CalendarLoadResult> {
  return put<CalendarLoadResult>('/calendar/years', json, {
    silent: true,
    headers: { 'Content-Type': 'application/json' },
    timeout: 300_000,
  })
}
