// Small pure helpers the administration pages share (tested in format.test.ts).

// An RFC 3339 timestamp (+08:00 from the server) as 'YYYY-MM-DD HH:mm', in China time whatever
// the browser's zone; '' for none, the text itself when it is not a timestamp.
export function formatTime(ts: string | null | undefined): string {
  if (!ts) return ''
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(ts)
  if (!m) return ts
  const offset = m[3]
  if (!offset || offset === '+08:00' || offset === '+0800') return `${m[1]} ${m[2]}`
  const ms = Date.parse(ts)
  if (Number.isNaN(ms)) return ts
  const china = new Date(ms + 8 * 3600_000).toISOString()
  return `${china.slice(0, 10)} ${china.slice(11, 16)}`
}

// True when the timestamp lies before `now` (ms); false for none or garbage.
export function isPast(ts: string | null | undefined, now = Date.now()): boolean {
  if (!ts) return false
  const ms = Date.parse(ts)
  return !Number.isNaN(ms) && ms < now
}

// A JSON merge patch (RFC 7396) of the listed fields: those whose value differs from the
// original; an emptied optional text becomes null (clears it). Arrays compare by content.
export function mergePatch<T extends object>(original: Partial<T>, edited: T, keys: (keyof T)[], nullable: (keyof T)[] = []): Partial<T> {
  const out: Partial<T> = {}
  for (const key of keys) {
    let next = edited[key] as unknown
    const before = original[key] as unknown
    if (typeof next === 'string') next = next.trim()
    if (next === '' && nullable.includes(key)) next = null
    if (next === '' && (before === null || before === undefined)) continue
    if (same(before ?? null, next ?? null)) continue
    ;(out as Record<keyof T, unknown>)[key] = next
  }
  return out
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false
    const sa = [...a].map(String).sort()
    const sb = [...b].map(String).sort()
    return sa.every((v, i) => v === sb[i])
  }
  return a === b
}

// A query object without its empty values (undefined, null, '', blank text), texts trimmed.
export function compactQuery<T extends object>(query: T): Partial<T> {
  const out: Partial<T> = {}
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue
    if (typeof v === 'string') {
      if (v.trim() === '') continue
      ;(out as Record<string, unknown>)[k] = v.trim()
    } else {
      ;(out as Record<string, unknown>)[k] = v
    }
  }
  return out
}

// Pretty JSON for a details cell; '' for none.
export function prettyJson(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2)
    } catch {
      return value
    }
  }
  return JSON.stringify(value, null, 2)
}

// The first ApiError field path's top-level name (`parties[0].id_number` → `parties`), to
// decide which form item shows it.
export function fieldRoot(field: string | undefined): string {
  if (!field) return ''
  const m = /^[^.[]+/.exec(field)
  return m ? m[0] : field
}
