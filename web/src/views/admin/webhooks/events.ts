// Webhook event filters (src/webhook/policy.cpp FilterError): '*', '<entity>.*' or
// '<entity>.<type>' with a known entity and a lower-case type.

export const kEventEntities = ['case', 'party', 'ip_right', 'agency', 'transfer'] as const

// Filters offered in the tag input (more may be typed).
export const kEventSuggestions = [
  '*',
  ...kEventEntities.map((e) => `${e}.*`),
  'case.created', 'case.updated', 'case.snapshot',
  'party.created', 'party.updated',
  'ip_right.created', 'ip_right.updated',
  'transfer.created', 'transfer.updated',
  'agency.created',
]

export type EventProblem = 'format' | 'entity' | 'type'

export function eventProblem(filter: string): EventProblem | null {
  if (filter === '*') return null
  const dot = filter.indexOf('.')
  if (dot === -1) return 'format'
  const entity = filter.slice(0, dot)
  const type = filter.slice(dot + 1)
  if (!(kEventEntities as readonly string[]).includes(entity)) return 'entity'
  if (type !== '*' && !/^[a-z_]{1,32}$/.test(type)) return 'type'
  return null
}

// Trims, drops blanks and duplicates, keeping the order typed.
export function normalizeEvents(events: string[]): string[] {
  const out: string[] = []
  for (const e of events.map((x) => x.trim())) if (e && !out.includes(e)) out.push(e)
  return out
}

// A webhook URL the server accepts: absolute http:// without credentials (https is refused in
// this version).
export function urlProblem(url: string): 'format' | 'scheme' | 'credentials' | null {
  let u: URL
  try {
    u = new URL(url.trim())
  } catch {
    return 'format'
  }
  if (u.protocol !== 'http:') return 'scheme'
  if (u.username || u.password) return 'credentials'
  if (!u.hostname) return 'format'
  return null
}
