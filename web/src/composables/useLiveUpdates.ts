// Live updates from a server-sent events stream (GET /api/v1/dashboard/events): each `change`
// event asks for a refetch, debounced (≈300 ms) so a burst of commits costs one refetch.
// - EventSource retries by itself after a network error (readyState CONNECTING) and resumes
//   with Last-Event-ID; after an HTTP error (a 502 while the server restarts, a 401) it gives up
//   (readyState CLOSED): then a new one is opened after a backoff of 1 s, 2 s, 4 s … up to 30 s,
//   reset once a connection opens.
// - Every (re)connection after the first refetches once, since events may have been missed.
// - `status` is 'open' | 'connecting' | 'closed' (the big screen's dot).
import { getCurrentInstance, onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

export type LiveStatus = 'open' | 'connecting' | 'closed'

// The part of EventSource used here (tests pass a fake).
export interface EventSourceLike {
  readonly readyState: number
  onopen: ((ev: Event) => unknown) | null
  onerror: ((ev: Event) => unknown) | null
  addEventListener(type: string, listener: (ev: MessageEvent) => unknown): void
  close(): void
}
export type EventSourceFactory = (url: string) => EventSourceLike

export interface LiveOptions {
  url: string
  // Called (debounced) after change events and after a reconnection.
  onChange: () => unknown
  // Event names that mean "something changed" (default ['change']).
  events?: string[]
  debounceMs?: number
  minDelayMs?: number
  maxDelayMs?: number
  factory?: EventSourceFactory
}

export interface LiveUpdates {
  status: Ref<LiveStatus>
  // Number of reconnect attempts scheduled after HTTP errors since the last open (for tests).
  retries: Ref<number>
  start: () => void
  stop: () => void
}

const kClosed = 2

const defaultFactory: EventSourceFactory = (url) => new EventSource(url, { withCredentials: true }) as EventSourceLike

export function createLiveUpdates(opts: LiveOptions): LiveUpdates {
  const debounceMs = opts.debounceMs ?? 300
  const minDelay = opts.minDelayMs ?? 1000
  const maxDelay = opts.maxDelayMs ?? 30_000
  const factory = opts.factory ?? defaultFactory
  const events = opts.events ?? ['change']
  const status = ref<LiveStatus>('closed')
  const retries = ref(0)

  let source: EventSourceLike | null = null
  let delay = minDelay
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let debounceTimer: ReturnType<typeof setTimeout> | undefined
  // This attempt of the stream got its answer; an attempt failed since the last answer.
  let answered = false
  let missed = false
  let running = false

  function schedule() {
    clearTimeout(debounceTimer)
    debounceTimer = setTimeout(() => {
      debounceTimer = undefined
      if (running) void opts.onChange()
    }, debounceMs)
  }

  function connect() {
    retryTimer = undefined
    if (!running) return
    status.value = 'connecting'
    const es = factory(opts.url)
    source = es
    es.onopen = () => {
      if (source !== es) return
      status.value = 'open'
      delay = minDelay
      retries.value = 0
      if (missed) schedule()
      missed = false
      answered = true
    }
    for (const name of events) es.addEventListener(name, () => source === es && schedule())
    es.onerror = () => {
      if (source !== es || !running) return
      if (es.readyState === kClosed) {
        // An HTTP error: EventSource will not try again; we do, later, with a new stream that
        // starts at the newest change, so the figures are read again once it opens.
        es.close()
        source = null
        status.value = 'closed'
        missed = true
        retries.value++
        retryTimer = setTimeout(connect, delay)
        delay = Math.min(delay * 2, maxDelay)
      } else if (answered) {
        // The server ended one response of the stream (it answers each event, or a keep-alive,
        // and closes): EventSource reconnects by itself with Last-Event-ID. Still live.
        answered = false
      } else {
        // A reconnection failed (the network or the server is down): EventSource keeps trying.
        status.value = 'connecting'
        missed = true
      }
    }
  }

  function start() {
    if (running) return
    running = true
    answered = false
    missed = false
    delay = minDelay
    connect()
  }

  function stop() {
    running = false
    clearTimeout(retryTimer)
    clearTimeout(debounceTimer)
    retryTimer = debounceTimer = undefined
    source?.close()
    source = null
    status.value = 'closed'
  }

  return { status, retries, start, stop }
}

// In a component: starts when mounted, stops when unmounted.
export function useLiveUpdates(opts: LiveOptions): LiveUpdates {
  const live = createLiveUpdates(opts)
  if (getCurrentInstance()) {
    onMounted(live.start)
    onBeforeUnmount(live.stop)
  }
  return live
}
