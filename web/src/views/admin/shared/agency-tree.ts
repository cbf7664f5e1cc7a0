// The agency tree from GET /agencies' flat list (ordered by path: parents before children).
import type { Agency } from '@/api/agencies'

export interface AgencyNode extends Agency {
  children: AgencyNode[]
}

// Nests the agencies under their parents. An agency whose parent is not in the list (out of the
// caller's sight) becomes a root, so that nothing is lost. The list's order is kept among siblings.
export function buildAgencyTree(flat: Agency[]): AgencyNode[] {
  const byId = new Map<number, AgencyNode>()
  for (const a of flat) byId.set(a.id, { ...a, children: [] })
  const roots: AgencyNode[] = []
  for (const a of flat) {
    const node = byId.get(a.id)!
    const parent = a.parent_id !== null ? byId.get(a.parent_id) : undefined
    if (parent && parent !== node) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}

// The subtree of nodes matching `keep`, with the ancestors that lead to them (a search that
// keeps the context). Children of a match are kept whole.
export function filterAgencyTree(nodes: AgencyNode[], keep: (a: Agency) => boolean): AgencyNode[] {
  const out: AgencyNode[] = []
  for (const n of nodes) {
    if (keep(n)) {
      out.push(n)
      continue
    }
    const children = filterAgencyTree(n.children, keep)
    if (children.length > 0) out.push({ ...n, children })
  }
  return out
}

// A case-insensitive text match on name, abbreviation, court code and area code.
export function agencyMatches(a: Agency, text: string): boolean {
  const q = text.trim().toLowerCase()
  if (!q) return true
  return [a.name, a.abbr, a.court_code, a.area_code].some((v) => (v ?? '').toLowerCase().includes(q))
}

// Every id in the trees (to expand all rows).
export function allIds(nodes: AgencyNode[]): number[] {
  return nodes.flatMap((n) => [n.id, ...allIds(n.children)])
}

// The names from the root down to the agency ('晋中市中级人民法院 / 榆次区人民法院').
export function agencyPath(flat: Agency[], id: number): string[] {
  const byId = new Map(flat.map((a) => [a.id, a]))
  const names: string[] = []
  let cur = byId.get(id)
  const seen = new Set<number>()
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id)
    names.unshift(cur.name)
    cur = cur.parent_id !== null ? byId.get(cur.parent_id) : undefined
  }
  return names
}
