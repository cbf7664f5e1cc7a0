import { describe, expect, it } from 'vitest'
import { ApiError } from '@/utils/http'
import { formatFromFileName, importOutcome, importerName, rejectedCount, reportFromError } from './imports'

describe('formatFromFileName', () => {
  it('knows the extensions', () => {
    expect(formatFromFileName('案件.CSV')).toBe('csv')
    expect(formatFromFileName('cases.xlsx')).toBe('xlsx')
    expect(formatFromFileName('parties.ndjson')).toBe('ndjson')
    expect(formatFromFileName('parties.jsonl')).toBe('ndjson')
    expect(formatFromFileName('cases.xls')).toBeNull()
    expect(formatFromFileName('README')).toBeNull()
  })
})

describe('reportFromError', () => {
  it('takes the report from a 422 body', () => {
    const body = {
      id: null, accepted: 2, unchanged: 1, dry_run: false,
      rejected: [{ line: 5, field: 'id_number', reason: '校验位应为 1' }, { bogus: true }],
      error: { code: 'unprocessable', message: '有 1 行未通过校验' },
    }
    const r = reportFromError(new ApiError(422, 'unprocessable', '有 1 行未通过校验', undefined, body))
    expect(r).toEqual({
      id: null, accepted: 2, unchanged: 1, dry_run: false,
      rejected: [{ line: 5, field: 'id_number', reason: '校验位应为 1' }],
      error: { code: 'unprocessable', message: '有 1 行未通过校验' },
    })
  })
  it('gives null for failures without a report', () => {
    expect(reportFromError(new ApiError(400, 'invalid_field', '表头有未知的列', 'header', { error: { code: 'invalid_field' } }))).toBeNull()
    expect(reportFromError(new ApiError(0, 'network', '网络错误'))).toBeNull()
    expect(reportFromError(new Error('x'))).toBeNull()
  })
})

describe('import history rows', () => {
  it('names the importer from whichever field is there', () => {
    expect(importerName({ display_name: '李强晨', username: 'admin' })).toBe('李强晨')
    expect(importerName({ user_name: 'admin' })).toBe('admin')
    expect(importerName({ user: { display_name: '赵颖倩' } } as never)).toBe('赵颖倩')
    expect(importerName({})).toBe('')
  })
  it('counts rejected rows', () => {
    expect(rejectedCount({ rejected_count: 3 })).toBe(3)
    expect(rejectedCount({ rejected: [{ line: 1 }, { line: 2 }] } as never)).toBe(2)
    expect(rejectedCount({ rejected: 4 } as never)).toBe(4)
    expect(rejectedCount({})).toBe(0)
  })
})

describe('importOutcome', () => {
  it('tells the four outcomes apart', () => {
    expect(importOutcome({ id: null, accepted: 0, rejected: [], error: { code: 'unprocessable', message: '' } })).toBe('refused')
    expect(importOutcome({ id: null, accepted: 5, rejected: [], dry_run: true })).toBe('dryRun')
    expect(importOutcome({ id: 12, accepted: 5, rejected: [] })).toBe('stored')
    expect(importOutcome({ id: null, accepted: 0, unchanged: 5, rejected: [] })).toBe('nothingNew')
  })
})
