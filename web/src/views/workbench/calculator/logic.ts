// The deadline calculator's pure parts: the statutory presets (from /work/shared/domain/
// time-limits.md; their labels and sources are in the dictionary), weekdays, and the reading of
// the server's answer.
import type { CrossedDay, PeriodResult, PeriodUnit } from '@/api/calendar'
import { t } from '@/locales'

export type PresetGroup = 'court' | 'market' | 'penalty' | 'other'
export interface Preset {
  // workbench.calc.presets.<key>.label and .source
  key: string
  group: PresetGroup
  length: number
  unit: PeriodUnit
}

// Only confirmed statutory periods; rows marked unconfirmed in time-limits.md are left out.
export const kPresets: Preset[] = [
  { key: 'civil_filing', group: 'court', length: 7, unit: 'days' },
  { key: 'civil_serve', group: 'court', length: 5, unit: 'days' },
  { key: 'civil_answer', group: 'court', length: 15, unit: 'days' },
  { key: 'appeal_judgment', group: 'court', length: 15, unit: 'days' },
  { key: 'appeal_ruling', group: 'court', length: 10, unit: 'days' },
  { key: 'civil_ordinary', group: 'court', length: 6, unit: 'months' },
  { key: 'civil_summary', group: 'court', length: 3, unit: 'months' },
  { key: 'small_claims', group: 'court', length: 2, unit: 'months' },
  { key: 'civil_second_judgment', group: 'court', length: 3, unit: 'months' },
  { key: 'civil_second_ruling', group: 'court', length: 30, unit: 'days' },
  { key: 'admin_first', group: 'court', length: 6, unit: 'months' },
  { key: 'admin_simple', group: 'court', length: 45, unit: 'days' },
  { key: 'admin_second', group: 'court', length: 3, unit: 'months' },
  { key: 'criminal_first', group: 'court', length: 2, unit: 'months' },
  { key: 'criminal_summary', group: 'court', length: 20, unit: 'days' },
  { key: 'criminal_second', group: 'court', length: 2, unit: 'months' },
  { key: 'complaint_accept', group: 'market', length: 7, unit: 'working_days' },
  { key: 'complaint_mediation', group: 'market', length: 45, unit: 'working_days' },
  { key: 'complaint_mediation_notice', group: 'market', length: 7, unit: 'working_days' },
  { key: 'clue_check', group: 'market', length: 15, unit: 'working_days' },
  { key: 'report_notice', group: 'market', length: 5, unit: 'working_days' },
  { key: 'penalty_filing', group: 'penalty', length: 15, unit: 'working_days' },
  { key: 'penalty_conclude', group: 'penalty', length: 90, unit: 'days' },
  { key: 'penalty_hearing_request', group: 'penalty', length: 5, unit: 'working_days' },
  { key: 'penalty_serve', group: 'penalty', length: 7, unit: 'working_days' },
  { key: 'penalty_pay_fine', group: 'penalty', length: 15, unit: 'days' },
  { key: 'penalty_publish', group: 'penalty', length: 20, unit: 'working_days' },
  { key: 'patent_sue', group: 'other', length: 15, unit: 'days' },
  { key: 'arbitration_accept', group: 'other', length: 5, unit: 'days' },
]
export const kPresetGroups: PresetGroup[] = ['court', 'market', 'penalty', 'other']

export function presetLabel(p: Preset): string {
  return t(`workbench.calc.presets.${p.key}.label`)
}
export function presetSource(p: Preset): string {
  return t(`workbench.calc.presets.${p.key}.source`)
}

// 0 = Sunday … 6 = Saturday, of a YYYY-MM-DD date, whatever the browser's time zone.
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay()
}
export function weekdayLabel(date: string): string {
  return t(`workbench.calc.weekdays.${weekdayOf(date)}`)
}
// Calendar days from a to b (b − a).
export function daysBetween(a: string, b: string): number {
  const toUtc = (s: string) => {
    const [y, m, d] = s.split('-').map(Number)
    return Date.UTC(y, m - 1, d)
  }
  return Math.round((toUtc(b) - toUtc(a)) / 86_400_000)
}
// Today in the browser's local time, as YYYY-MM-DD.
export function todayString(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`
}

// Why the last day moved: a listed holiday (with its name), or a plain weekend.
export function movedReason(r: PeriodResult): string | null {
  if (!r.moved_from) return null
  const listed = r.crossed.find((c) => c.date === r.moved_from && c.kind === 'holiday')
  return listed ? t('workbench.calc.movedHoliday', { name: listed.name }) : t('workbench.calc.movedWeekend', { weekday: weekdayLabel(r.moved_from) })
}

// The crossed days folded into runs of consecutive days of the same kind and name
// ("国庆节 2026-10-01 至 2026-10-07, 7 天").
export interface CrossedRun {
  kind: string
  name: string
  from: string
  to: string
  count: number
}
export function foldCrossed(days: readonly CrossedDay[]): CrossedRun[] {
  const runs: CrossedRun[] = []
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date))
  for (const d of sorted) {
    const last = runs[runs.length - 1]
    if (last && last.kind === d.kind && last.name === d.name && daysBetween(last.to, d.date) === 1) {
      last.to = d.date
      last.count++
    } else {
      runs.push({ kind: d.kind, name: d.name, from: d.date, to: d.date, count: 1 })
    }
  }
  return runs
}
