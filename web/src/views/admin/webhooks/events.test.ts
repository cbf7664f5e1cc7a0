import { describe, expect, it } from 'vitest'
import { eventProblem, kEventSuggestions, normalizeEvents, urlProblem } from './events'

describe('eventProblem (src/webhook/policy.cpp FilterError)', () => {
  it('accepts *, entity.* and entity.type', () => {
    for (const e of ['*', 'case.*', 'case.created', 'ip_right.updated', 'transfer.*', 'agency.snapshot']) expect(eventProblem(e), e).toBeNull()
  })
  it('refuses the rest', () => {
    expect(eventProblem('case')).toBe('format')
    expect(eventProblem('cases.*')).toBe('entity')
    expect(eventProblem('.created')).toBe('entity')
    expect(eventProblem('case.Created')).toBe('type')
    expect(eventProblem('case.')).toBe('type')
    expect(eventProblem('case.created.x')).toBe('type')
  })
  it('offers only valid suggestions', () => {
    for (const e of kEventSuggestions) expect(eventProblem(e), e).toBeNull()
  })
})

describe('normalizeEvents', () => {
  it('trims and drops blanks and duplicates', () => {
    expect(normalizeEvents([' case.* ', '', 'case.*', '*'])).toEqual(['case.*', '*'])
  })
})

describe('urlProblem', () => {
  it('wants an absolute http URL without credentials', () => {
    expect(urlProblem('http://10.0.0.8:9000/hook')).toBeNull()
    expect(urlProblem('https://example.org/hook')).toBe('scheme')
    expect(urlProblem('http://u:p@example.org/hook')).toBe('credentials')
    expect(urlProblem('example.org/hook')).toBe('format')
    expect(urlProblem('')).toBe('format')
  })
})
