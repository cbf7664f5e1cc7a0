// The list page's small helpers (hook.ts).
import { describe, expect, it } from 'vitest'
import { extraLabel, withCombined } from './hook'

describe('list helpers', () => {
  it('shows a comma list from a link as one option', () => {
    const opts = [{ value: 'a', label: '甲' }, { value: 'b', label: '乙' }]
    expect(withCombined(opts, 'a', (v) => v)).toBe(opts)
    expect(withCombined(opts, 'a,b', (v) => opts.find((o) => o.value === v)!.label)[0]).toEqual({ value: 'a,b', label: '甲、乙' })
  })
  it('labels the drill-down extras', () => {
    expect(extraLabel('received_from', '2026-01-01')).toBe('收案日期自 2026-01-01')
    expect(extraLabel('shared', false)).toBe('仅本机构办理（不含共享）')
    expect(extraLabel('filed', true)).toBe('已立案')
  })
})
