import { describe, expect, it } from 'vitest'
import { searchDict } from './dict'

const dict = {
  case_status: [{ value: 'received', label: '已收案待立案' }, { value: 'closed', label: '已结案' }],
  agency_type: [{ value: 'court', label: '人民法院' }, { value: 'hotline', label: '热线平台' }],
}
const titles: Record<string, string> = { case_status: '案件状态', agency_type: '机构类型' }
const title = (n: string) => titles[n] ?? ''

describe('searchDict', () => {
  it('lists every enum in the server order when the search is empty', () => {
    expect(searchDict(dict, '', title).map((g) => [g.name, g.entries.length, g.total])).toEqual([['case_status', 2, 2], ['agency_type', 2, 2]])
  })
  it('keeps a whole enum whose name or title matches', () => {
    expect(searchDict(dict, '案件状态', title).map((g) => [g.name, g.entries.length])).toEqual([['case_status', 2]])
    expect(searchDict(dict, 'AGENCY', title).map((g) => g.name)).toEqual(['agency_type'])
  })
  it('keeps only the matching values otherwise', () => {
    const out = searchDict(dict, '结案', title)
    expect(out.map((g) => [g.name, g.entries.map((e) => e.value), g.total])).toEqual([['case_status', ['closed'], 2]])
    expect(searchDict(dict, 'hotline', title)[0].entries).toEqual([{ value: 'hotline', label: '热线平台' }])
    expect(searchDict(dict, '不存在', title)).toEqual([])
  })
})
