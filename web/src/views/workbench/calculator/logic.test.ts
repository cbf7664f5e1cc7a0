import { describe, expect, it } from 'vitest'
import { hasKey } from '@/locales'
import { daysBetween, foldCrossed, kPresetGroups, kPresets, movedReason, presetLabel, todayString, weekdayLabel, weekdayOf } from './logic'

describe('presets', () => {
  it('each has a label and a source in the dictionary, and a valid period', () => {
    for (const p of kPresets) {
      expect(hasKey(`workbench.calc.presets.${p.key}.label`), p.key).toBe(true)
      expect(hasKey(`workbench.calc.presets.${p.key}.source`), p.key).toBe(true)
      expect(kPresetGroups).toContain(p.group)
      expect(Number.isInteger(p.length) && p.length > 0).toBe(true)
      expect(['days', 'working_days', 'months']).toContain(p.unit)
    }
    for (const g of kPresetGroups) expect(hasKey(`workbench.calc.groups.${g}`)).toBe(true)
  })
  it('has unique keys and labels that state the period they fill in', () => {
    expect(new Set(kPresets.map((p) => p.key)).size).toBe(kPresets.length)
    const unitWord = { days: '日', working_days: '个工作日', months: '个月' } as const
    for (const p of kPresets) expect(presetLabel(p)).toContain(`${p.length} ${unitWord[p.unit]}`)
  })
})

describe('dates', () => {
  it('knows the weekday whatever the time zone', () => {
    expect(weekdayOf('2024-02-18')).toBe(0)
    expect(weekdayOf('2026-10-08')).toBe(4)
    expect(weekdayLabel('2026-11-20')).toBe('星期五')
  })
  it('counts calendar days across months and DST-free', () => {
    expect(daysBetween('2026-09-20', '2026-10-08')).toBe(18)
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2)
  })
  it('formats today locally', () => {
    expect(todayString(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05')
  })
})

describe('the answer', () => {
  const crossed = [
    { date: '2026-10-02', kind: 'holiday', name: '国庆节' },
    { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
    { date: '2026-10-03', kind: 'holiday', name: '国庆节' },
    { date: '2026-10-10', kind: 'workday', name: '国庆节调休上班' },
    { date: '2026-09-25', kind: 'holiday', name: '中秋节' },
  ]
  it('folds consecutive days of one holiday into a run', () => {
    expect(foldCrossed(crossed)).toEqual([
      { kind: 'holiday', name: '中秋节', from: '2026-09-25', to: '2026-09-25', count: 1 },
      { kind: 'holiday', name: '国庆节', from: '2026-10-01', to: '2026-10-03', count: 3 },
      { kind: 'workday', name: '国庆节调休上班', from: '2026-10-10', to: '2026-10-10', count: 1 },
    ])
    expect(foldCrossed([])).toEqual([])
  })
  it('says why the last day moved', () => {
    expect(movedReason({ due: '2026-10-08', provisional: false, moved_from: '2026-10-03', crossed })).toBe('法定节假日（国庆节）')
    expect(movedReason({ due: '2026-11-23', provisional: false, moved_from: '2026-11-21', crossed: [] })).toBe('休息日（星期六）')
    expect(movedReason({ due: '2026-11-20', provisional: false, moved_from: null, crossed: [] })).toBeNull()
  })
})
