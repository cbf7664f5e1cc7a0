import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLiveUpdates, type EventSourceLike } from './useLiveUpdates'

class FakeEventSource implements EventSourceLike {
  static all: FakeEventSource[] = []
  readyState = 0
  onopen: ((ev: Event) => unknown) | null = null
  onerror: ((ev: Event) => unknown) | null = null
  closed = false
  listeners = new Map<string, ((ev: MessageEvent) => unknown)[]>()
  constructor(readonly url: string) {
    FakeEventSource.all.push(this)
  }
  addEventListener(type: string, fn: (ev: MessageEvent) => unknown) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn])
  }
  close() {
    this.closed = true
    this.readyState = 2
  }
  open() {
    this.readyState = 1
    this.onopen?.(new Event('open'))
  }
  emit(type: string, data: unknown) {
    for (const fn of this.listeners.get(type) ?? []) fn(new MessageEvent(type, { data: JSON.stringify(data) }))
  }
  // A network drop: the browser retries by itself.
  drop() {
    this.readyState = 0
    this.onerror?.(new Event('error'))
  }
  // An HTTP error: the browser gives up.
  fail() {
    this.readyState = 2
    this.onerror?.(new Event('error'))
  }
}

const last = () => FakeEventSource.all[FakeEventSource.all.length - 1]!

describe('createLiveUpdates', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    FakeEventSource.all = []
  })
  afterEach(() => vi.useRealTimers())

  function make() {
    const onChange = vi.fn()
    const live = createLiveUpdates({ url: '/events', onChange, factory: (u) => new FakeEventSource(u) })
    live.start()
    return { live, onChange }
  }

  it('debounces a burst of change events into one refetch', () => {
    const { live, onChange } = make()
    expect(live.status.value).toBe('connecting')
    last().open()
    expect(live.status.value).toBe('open')
    expect(onChange).not.toHaveBeenCalled() // the first open needs no refetch
    for (let i = 1; i <= 5; i++) {
      last().emit('change', { seq: i })
      vi.advanceTimersByTime(100)
    }
    expect(onChange).not.toHaveBeenCalled()
    vi.advanceTimersByTime(300)
    expect(onChange).toHaveBeenCalledTimes(1)
    last().emit('change', { seq: 6 })
    vi.advanceTimersByTime(300)
    expect(onChange).toHaveBeenCalledTimes(2)
  })

  it('stays live when the server ends one response of the stream, without refetching', () => {
    const { live, onChange } = make()
    last().open()
    last().drop() // the server answered a keep-alive and closed; EventSource reconnects
    expect(live.status.value).toBe('open')
    last().open()
    vi.advanceTimersByTime(1_000)
    expect(onChange).not.toHaveBeenCalled()
    expect(FakeEventSource.all).toHaveLength(1)
  })

  it('lets EventSource retry a network drop itself, and refetches once when it reopens', () => {
    const { live, onChange } = make()
    last().open()
    last().drop() // the response ended
    last().drop() // and the reconnection failed: the server is gone
    expect(live.status.value).toBe('connecting')
    expect(FakeEventSource.all).toHaveLength(1)
    vi.advanceTimersByTime(60_000)
    expect(FakeEventSource.all).toHaveLength(1) // no second source: the browser retries
    last().open()
    expect(live.status.value).toBe('open')
    vi.advanceTimersByTime(300)
    expect(onChange).toHaveBeenCalledTimes(1)
  })

  it('reopens after HTTP errors with a backoff of 1 s doubling up to 30 s, reset on open', () => {
    const { live, onChange } = make()
    last().open()
    const delays: number[] = []
    for (let i = 0; i < 7; i++) {
      const before = FakeEventSource.all.length
      last().fail()
      expect(live.status.value).toBe('closed')
      expect(last().closed).toBe(true)
      let waited = 0
      while (FakeEventSource.all.length === before) {
        vi.advanceTimersByTime(250)
        waited += 250
      }
      delays.push(waited)
      expect(live.status.value).toBe('connecting')
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000])
    last().open()
    vi.advanceTimersByTime(300)
    expect(onChange).toHaveBeenCalledTimes(1) // one refetch for whatever was missed
    // After a successful open the backoff starts again at 1 s.
    const before = FakeEventSource.all.length
    last().fail()
    vi.advanceTimersByTime(999)
    expect(FakeEventSource.all.length).toBe(before)
    vi.advanceTimersByTime(1)
    expect(FakeEventSource.all.length).toBe(before + 1)
  })

  it('stops cleanly: closes the source, cancels timers, ignores late events', () => {
    const { live, onChange } = make()
    const es = last()
    es.open()
    es.emit('change', { seq: 1 })
    live.stop()
    expect(es.closed).toBe(true)
    expect(live.status.value).toBe('closed')
    vi.advanceTimersByTime(5000)
    expect(onChange).not.toHaveBeenCalled()
    es.fail()
    vi.advanceTimersByTime(60_000)
    expect(FakeEventSource.all).toHaveLength(1)
  })
})
