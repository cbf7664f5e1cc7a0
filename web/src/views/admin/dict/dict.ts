// The dictionary page's search: enums whose name, description, or one of whose values or labels
// contain the text, in the server's order; inside a matching enum by name every value shows, else only matching values.
import type { Dict, DictEntry } from '@/api/reference'

export interface DictGroup {
  name: string
  title: string
  entries: DictEntry[]
  total: number
}

export function searchDict(dict: Dict, text: string, title: (name: string) => string): DictGroup[] {
  const q = text.trim().toLowerCase()
  const out: DictGroup[] = []
  for (const name of Object.keys(dict)) {
    const entries = dict[name] ?? []
    const heading = title(name)
    const nameHit = !q || name.toLowerCase().includes(q) || heading.toLowerCase().includes(q)
    const hits = nameHit ? entries : entries.filter((e) => e.value.toLowerCase().includes(q) || e.label.toLowerCase().includes(q))
    if (nameHit || hits.length) out.push({ name, title: heading, entries: hits, total: entries.length })
  }
  return out
}
