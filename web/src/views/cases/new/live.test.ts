import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ValidationResult, ValidationType } from '@/api/reference'
import { createLiveValidator, liveState, normalizedHint } from './live'

function answer(valid: boolean, normalized: string, reason = ''): ValidationResult {
  return { valid, normalized, parts: {}, reason }
}

describe('live validation', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('asks once the user pauses, with the last value only', async () => {
    const check = vi.fn(async (_t: ValidationType, v: string) => answer(false, v, '校验位不符'))
    const live = createLiveValidator(check, 300)
    const s = liveState()
    live.schedule(s, 'uscc', '9114')
    vi.advanceTimersByTime(100)
    live.schedule(s, 'uscc', '91140700MA0K123456')
    vi.advanceTimersByTime(299)
    expect(check).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(check).toHaveBeenCalledTimes(1)
    expect(check).toHaveBeenCalledWith('uscc', '91140700MA0K123456')
    expect(s).toMatchObject({ value: '91140700MA0K123456', valid: false, reason: '校验位不符', checking: false })
  })

  it('checks at once on blur, and not twice for the same value', async () => {
    const check = vi.fn(async () => answer(true, '11010519491231002X'))
    const live = createLiveValidator(check, 300)
    const s = liveState()
    await live.flush(s, 'id_number', '11010519491231002x')
    await live.flush(s, 'id_number', '11010519491231002x ')
    expect(check).toHaveBeenCalledTimes(1)
    expect(s.valid).toBe(true)
    expect(normalizedHint(s, '11010519491231002x')).toBe('11010519491231002X')
    expect(normalizedHint(s, '11010519491231002X')).toBe('')
  })

  it('drops a late answer for an older value', async () => {
    let release: (r: ValidationResult) => void = () => {}
    const check = vi
      .fn<(t: ValidationType, v: string) => Promise<ValidationResult>>()
      .mockImplementationOnce(() => new Promise((r) => (release = r)))
      .mockImplementationOnce(async (_t, v) => answer(true, v))
    const live = createLiveValidator(check, 300)
    const s = liveState()
    const first = live.flush(s, 'patent_number', '2018153964511')
    await live.flush(s, 'patent_number', '201815396451.1')
    release(answer(false, '2018153964511', '旧的答复'))
    await first
    expect(s).toMatchObject({ value: '201815396451.1', valid: true, reason: '' })
  })

  it('clears on an empty value and on cancel, and survives a failed call', async () => {
    const check = vi.fn(async () => {
      throw new Error('network')
    })
    const live = createLiveValidator(check, 300)
    const s = liveState()
    await live.flush(s, 'uscc', 'x')
    expect(s).toMatchObject({ valid: null, reason: '', checking: false })
    await live.flush(s, 'uscc', '  ')
    expect(s.value).toBe('')
    live.schedule(s, 'uscc', 'abc')
    live.cancel(s)
    await vi.advanceTimersByTimeAsync(500)
    expect(check).toHaveBeenCalledTimes(1)
  })
})
