import { describe, expect, it } from 'vitest'
import type { Agency } from '@/api/agencies'
import { agencyMatches, agencyPath, allIds, buildAgencyTree, filterAgencyTree } from './agency-tree'

function agency(id: number, parent_id: number | null, depth: number, name: string, extra: Partial<Agency> = {}): Agency {
  return { id, uid: `u${id}`, parent_id, depth, name, abbr: name.slice(0, 4), type: 'court', court_level: null, court_code: null, area_code: null, case_number_template: null, ...extra }
}

// In path order, as GET /agencies sends them (ids are not in tree order).
const flat = [
  agency(1, null, 0, '山西省高级人民法院'),
  agency(2, 1, 1, '晋中市中级人民法院', { court_code: '晋07', area_code: '140700' }),
  agency(10, 2, 2, '祁县人民法院'),
  agency(3, 2, 2, '榆次区人民法院', { court_code: '晋0702' }),
  agency(14, null, 0, '晋中市市场监督管理局', { type: 'market_regulation' }),
  agency(15, 14, 1, '晋中市市场监督管理局知识产权执法中队', { type: 'market_regulation' }),
]

describe('buildAgencyTree', () => {
  it('nests children under parents, keeping the list order among siblings', () => {
    const tree = buildAgencyTree(flat)
    expect(tree.map((n) => n.id)).toEqual([1, 14])
    expect(tree[0].children.map((n) => n.id)).toEqual([2])
    expect(tree[0].children[0].children.map((n) => n.id)).toEqual([10, 3])
    expect(tree[1].children.map((n) => n.id)).toEqual([15])
    expect(tree[1].children[0].children).toEqual([])
  })
  it('makes an agency whose parent is out of sight a root', () => {
    // An agency admin of the intermediate court sees its subtree only.
    const tree = buildAgencyTree(flat.slice(1, 4))
    expect(tree.map((n) => n.id)).toEqual([2])
    expect(tree[0].children.map((n) => n.id)).toEqual([10, 3])
  })
  it('does not change the input', () => {
    const copy = JSON.parse(JSON.stringify(flat))
    buildAgencyTree(flat)
    expect(flat).toEqual(copy)
  })
  it('handles an empty list', () => {
    expect(buildAgencyTree([])).toEqual([])
  })
})

describe('filterAgencyTree', () => {
  const tree = buildAgencyTree(flat)
  it('keeps matches with their ancestors', () => {
    const out = filterAgencyTree(tree, (a) => agencyMatches(a, '榆次'))
    expect(out.map((n) => n.id)).toEqual([1])
    expect(out[0].children[0].id).toBe(2)
    expect(out[0].children[0].children.map((n) => n.id)).toEqual([3])
  })
  it('keeps the children of a match whole', () => {
    const out = filterAgencyTree(tree, (a) => agencyMatches(a, '晋07'))
    expect(out[0].children[0].children.map((n) => n.id)).toEqual([10, 3])
  })
  it('matches area codes and nothing', () => {
    expect(allIds(filterAgencyTree(tree, (a) => agencyMatches(a, '140700')))).toEqual([1, 2, 10, 3])
    expect(filterAgencyTree(tree, (a) => agencyMatches(a, '不存在'))).toEqual([])
  })
})

describe('agencyPath and allIds', () => {
  it('names the agency from the root down', () => {
    expect(agencyPath(flat, 3)).toEqual(['山西省高级人民法院', '晋中市中级人民法院', '榆次区人民法院'])
    expect(agencyPath(flat, 99)).toEqual([])
  })
  it('lists every id depth first', () => {
    expect(allIds(buildAgencyTree(flat))).toEqual([1, 2, 10, 3, 14, 15])
  })
})
