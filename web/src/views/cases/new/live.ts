// Live checks of identifiers through GET /validate/{type} (always 200 with valid, normalized,
// reason): after typing stops for a moment, and at once when the field is left. A late answer
// for an older value is dropped. The rules are the server's; this only asks and shows.
import { reactive } from 'vue'
import type { ValidationResult, ValidationType } from '@/api/reference'

export interface LiveState {
  // The value the answer below is for.
  value: string
  valid: boolean | null
  reason: string
  normalized: string
  checking: boolean
}

export function liveState(): LiveState {
  return reactive({ value: '', valid: null, reason: '', normalized: '', checking: false })
}

export type Check = (type: ValidationType, value: string) => Promise<ValidationResult>

export function createLiveValidator(check: Check, delay = 300) {
  const timers = new Map<LiveState, ReturnType<typeof setTimeout>>()
  const pending = new Map<LiveState, Promise<void>>()
  const asked = new Map<LiveState, string>()

  async function run(state: LiveState, type: ValidationType, raw: string): Promise<void> {
    const value = raw.trim()
    asked.set(state, value)
    if (value === '') {
      Object.assign(state, { value, valid: null, reason: '', normalized: '', checking: false })
      return
    }
    state.checking = true
    try {
      const res = await check(type, value)
      if (asked.get(state) !== value) return
      Object.assign(state, { value, valid: res.valid, reason: res.valid ? '' : res.reason, normalized: res.normalized })
    } catch {
      // The check could not be made (network): the server checks again on submit.
      if (asked.get(state) === value) Object.assign(state, { value, valid: null, reason: '', normalized: '' })
    } finally {
      if (asked.get(state) === value) state.checking = false
    }
  }
  function start(state: LiveState, type: ValidationType, raw: string): Promise<void> {
    const p = run(state, type, raw)
    pending.set(state, p)
    return p
  }
  // While typing: check once the user pauses.
  function schedule(state: LiveState, type: ValidationType, raw: string) {
    clearTimeout(timers.get(state))
    timers.set(state, setTimeout(() => {
      timers.delete(state)
      void start(state, type, raw)
    }, delay))
  }
  // On leaving the field, and before submitting: check now unless this value has an answer or
  // is being checked; resolves when the answer is in.
  function flush(state: LiveState, type: ValidationType, raw: string): Promise<void> {
    clearTimeout(timers.get(state))
    timers.delete(state)
    const value = raw.trim()
    if (asked.get(state) === value) return pending.get(state) ?? Promise.resolve()
    return start(state, type, raw)
  }
  function cancel(state: LiveState) {
    clearTimeout(timers.get(state))
    timers.delete(state)
    asked.delete(state)
    Object.assign(state, { value: '', valid: null, reason: '', normalized: '', checking: false })
  }
  return { schedule, flush, cancel }
}

// The hint to offer: the normalised spelling when it differs from what was typed.
export function normalizedHint(state: LiveState, current: string): string {
  const v = current.trim()
  return state.valid === true && state.value === v && state.normalized !== '' && state.normalized !== v ? state.normalized : ''
}
