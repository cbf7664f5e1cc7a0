// The flow between agencies (dashboard charts `flow`) as Sankey nodes and links. A node is a
// case kind at a kind of agency (民事一审 at a court); a link is the cases that moved between two
// nodes by transfer, diversion or appeal, carrying its cases_query for the drill-down.
// ECharts' Sankey needs an acyclic graph: a link that would close a cycle (a court transferring a
// first-instance case to another court: the same node) goes to a copy of its target instead,
// drawn with the same label (the copy has no outgoing links, so it closes nothing).
import type { FlowRow, FlowType } from '@/api/dashboard'

export interface SankeyNode {
  name: string
  label: string
  kind: string
  agencyType: string
}
export interface SankeyLink {
  source: string
  target: string
  value: number
  type: FlowType
  cases_query?: string
}

export const nodeKey = (kind: string, agencyType: string) => `${kind}@${agencyType}`

export function buildSankey(rows: FlowRow[], labelOf: (kind: string, agencyType: string) => string): { nodes: SankeyNode[]; links: SankeyLink[] } {
  const nodes = new Map<string, SankeyNode>()
  const out = new Map<string, Set<string>>()
  const links: SankeyLink[] = []

  const addNode = (name: string, kind: string, agencyType: string) => {
    if (!nodes.has(name)) nodes.set(name, { name, label: labelOf(kind, agencyType), kind, agencyType })
  }
  // Whether `to` can reach `from` along the links so far (or is it).
  const reaches = (start: string, goal: string): boolean => {
    const seen = new Set<string>()
    const stack = [start]
    while (stack.length > 0) {
      const n = stack.pop()!
      if (n === goal) return true
      if (seen.has(n)) continue
      seen.add(n)
      for (const m of out.get(n) ?? []) stack.push(m)
    }
    return false
  }

  // Largest first: the main flows keep the shared nodes, small back-flows get the copies.
  const sorted = rows.filter((r) => r.value > 0).sort((a, b) => b.value - a.value)
  for (const r of sorted) {
    const source = nodeKey(r.from_kind, r.from_agency_type)
    let target = nodeKey(r.to_kind, r.to_agency_type)
    addNode(source, r.from_kind, r.from_agency_type)
    if (reaches(target, source)) target = `${target}#2`
    addNode(target, r.to_kind, r.to_agency_type)
    if (!out.has(source)) out.set(source, new Set())
    out.get(source)!.add(target)
    links.push({ source, target, value: r.value, type: r.type, cases_query: r.cases_query })
  }
  return { nodes: [...nodes.values()], links }
}
