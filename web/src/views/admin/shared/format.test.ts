import { describe, expect, it } from 'vitest'
import { compactQuery, fieldRoot, formatTime, isPast, mergePatch, prettyJson } from './format'

describe('formatTime', () => {
  it('shows China time as YYYY-MM-DD HH:mm', () => {
    expect(formatTime('2026-11-20T10:06:00+08:00')).toBe('2026-11-20 10:06')
    expect(formatTime('2026-11-20T10:06:59.123+08:00')).toBe('2026-11-20 10:06')
  })
  it('converts other offsets to China time', () => {
    expect(formatTime('2026-11-20T18:30:00Z')).toBe('2026-11-21 02:30')
    expect(formatTime('2026-11-20T00:30:00-05:00')).toBe('2026-11-20 13:30')
  })
  it('leaves empties and non-timestamps alone', () => {
    expect(formatTime(null)).toBe('')
    expect(formatTime(undefined)).toBe('')
    expect(formatTime('soon')).toBe('soon')
  })
})

describe('isPast', () => {
  const now = Date.parse('2026-11-20T10:00:00+08:00')
  it('compares with now', () => {
    expect(isPast('2026-11-20T09:59:59+08:00', now)).toBe(true)
    expect(isPast('2026-11-20T10:00:01+08:00', now)).toBe(false)
    expect(isPast(null, now)).toBe(false)
    expect(isPast('garbage', now)).toBe(false)
  })
})

describe('mergePatch', () => {
  interface P { name?: string; title?: string | null; phone?: string | null; agency_id?: number; events?: string[] }
  const before: P = { name: '王晓', title: '审判员', phone: '139****5678', agency_id: 2, events: ['case.*', 'party.*'] }
  it('keeps only changed fields', () => {
    expect(mergePatch<P>(before, { ...before, name: '王晓明' }, ['name', 'title', 'phone', 'agency_id'])).toEqual({ name: '王晓明' })
  })
  it('does not send back a masked phone that was not edited', () => {
    expect(mergePatch<P>(before, { ...before }, ['name', 'title', 'phone', 'agency_id', 'events'], ['title', 'phone'])).toEqual({})
  })
  it('turns an emptied optional text into null', () => {
    expect(mergePatch<P>(before, { ...before, title: '  ' }, ['title'], ['title'])).toEqual({ title: null })
  })
  it('skips an empty text that was empty before', () => {
    expect(mergePatch<P>({ title: null }, { title: '' }, ['title'], ['title'])).toEqual({})
    expect(mergePatch<P>({}, { title: '' }, ['title'])).toEqual({})
  })
  it('trims texts and compares arrays by content', () => {
    expect(mergePatch<P>(before, { ...before, name: ' 王晓 ', events: ['party.*', 'case.*'] }, ['name', 'events'])).toEqual({})
    expect(mergePatch<P>(before, { ...before, events: ['*'] }, ['events'])).toEqual({ events: ['*'] })
  })
  it('sends numbers that changed', () => {
    expect(mergePatch<P>(before, { ...before, agency_id: 3 }, ['agency_id'])).toEqual({ agency_id: 3 })
  })
})

describe('compactQuery', () => {
  it('drops empty values and trims texts', () => {
    expect(compactQuery({ a: '', b: ' x ', c: undefined, d: null, e: 0, f: false, g: '  ' })).toEqual({ b: 'x', e: 0, f: false })
  })
})

describe('prettyJson', () => {
  it('formats objects and JSON text', () => {
    expect(prettyJson({ a: 1 })).toBe('{\n  "a": 1\n}')
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}')
    expect(prettyJson('plain')).toBe('plain')
    expect(prettyJson(null)).toBe('')
  })
})

describe('fieldRoot', () => {
  it('takes the first name of a JSON path', () => {
    expect(fieldRoot('parties[0].id_number')).toBe('parties')
    expect(fieldRoot('events[2]')).toBe('events')
    expect(fieldRoot('name')).toBe('name')
    expect(fieldRoot(undefined)).toBe('')
  })
})
