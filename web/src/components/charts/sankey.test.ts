import { describe, expect, it } from 'vitest'
import type { FlowRow } from '@/api/dashboard'
import { buildSankey } from './sankey'

const row = (from_kind: string, from_agency_type: string, to_kind: string, to_agency_type: string, value: number, type: FlowRow['type'] = 'transfer'): FlowRow => ({
  from_kind, from_agency_type, to_kind, to_agency_type, type, value, cases_query: `/api/v1/cases?q=${from_kind}-${to_kind}`,
})
const label = (k: string, a: string) => `${k}/${a}`

describe('buildSankey', () => {
  it('makes one node per kind at agency type and one link per row, with its cases_query', () => {
    const { nodes, links } = buildSankey(
      [
        row('complaint', 'hotline', 'admin_penalty', 'market_regulation', 12, 'diversion'),
        row('admin_penalty', 'market_regulation', 'criminal_first', 'court', 3),
        row('civil_first', 'court', 'civil_second', 'court', 7, 'appeal'),
        row('complaint', 'hotline', 'mediation', 'arbitration', 0),
      ],
      label,
    )
    expect(nodes.map((n) => n.name).sort()).toEqual(
      ['admin_penalty@market_regulation', 'civil_first@court', 'civil_second@court', 'complaint@hotline', 'criminal_first@court'].sort(),
    )
    expect(nodes.find((n) => n.name === 'complaint@hotline')!.label).toBe('complaint/hotline')
    expect(links).toHaveLength(3) // the zero row is dropped
    expect(links[0]).toEqual({
      source: 'complaint@hotline', target: 'admin_penalty@market_regulation', value: 12, type: 'diversion',
      cases_query: '/api/v1/cases?q=complaint-admin_penalty',
    })
  })

  it('sends a self-loop or a cycle-closing link to a copy of its target', () => {
    const { nodes, links } = buildSankey(
      [
        row('civil_first', 'court', 'civil_first', 'court', 2), // a transfer between courts
        row('mediation', 'arbitration', 'civil_first', 'court', 9),
        row('civil_first', 'court', 'mediation', 'arbitration', 4), // back to mediation: a cycle
      ],
      label,
    )
    const names = links.map((l) => `${l.source}>${l.target}`)
    expect(names).toEqual([
      'mediation@arbitration>civil_first@court',
      'civil_first@court>mediation@arbitration#2',
      'civil_first@court>civil_first@court#2',
    ])
    const copy = nodes.find((n) => n.name === 'civil_first@court#2')!
    expect(copy.label).toBe('civil_first/court')
    // acyclic: no link leaves a copy
    expect(links.some((l) => l.source.endsWith('#2'))).toBe(false)
  })
})
