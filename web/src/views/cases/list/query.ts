// The case list's filters live in the URL, under exactly the API's parameter names (API.md
// "Cases"), so that a link, a reload or the browser's back button restores them, and the
// dashboard can link here with its cases_query. Pure functions: URL query ⇄ API filters ⇄ form.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { CaseFilters } from '@/api/cases'

type Kind = 'string' | 'int' | 'bool' | 'date' | 'deadline'
// Every API filter the page accepts in its URL, and how to read it.
const kParams: Record<keyof CaseFilters, Kind> = {
  kind: 'string',
  agency_id: 'int',
  include_sub: 'bool',
  status: 'string',
  filed_from: 'date',
  filed_to: 'date',
  closed_from: 'date',
  closed_to: 'date',
  party_id: 'int',
  ip_right_id: 'int',
  handler_id: 'int',
  deadline: 'deadline',
  q: 'string',
  sort: 'string',
  received_from: 'date',
  received_to: 'date',
  pending_on: 'date',
  filed: 'bool',
  in_limit: 'bool',
  shared: 'bool',
  stage: 'string',
  division: 'string',
  via: 'string',
  from_kind: 'string',
  from_agency_type: 'string',
  agency_type: 'string',
}
// The filters the form does not show (the dashboard's drill-downs): kept as removable tags.
export const kExtraParams = ['received_from', 'received_to', 'pending_on', 'filed', 'in_limit', 'shared', 'stage', 'division', 'via', 'from_kind', 'from_agency_type', 'agency_type'] as const
export type ExtraParam = (typeof kExtraParams)[number]

export const kSortFields = ['id', 'filed_on', 'received_on', 'closed_on', 'created_at', 'updated_at', 'claim_amount_fen', 'case_number']

function first(v: LocationQuery[string]): string | undefined {
  const s = Array.isArray(v) ? v[0] : v
  return s === null || s === undefined ? undefined : s.trim()
}

// The URL's query → the API filters; unknown, empty and malformed values are dropped.
export function filtersFromQuery(query: LocationQuery): CaseFilters {
  const out: Record<string, unknown> = {}
  for (const [name, kind] of Object.entries(kParams)) {
    const raw = first(query[name])
    if (raw === undefined || raw === '') continue
    switch (kind) {
      case 'int':
        if (/^[1-9]\d{0,15}$/.test(raw)) out[name] = Number(raw)
        break
      case 'bool':
        if (raw === 'true' || raw === '1') out[name] = true
        else if (raw === 'false' || raw === '0') out[name] = false
        break
      case 'date':
        if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) out[name] = raw
        break
      case 'deadline':
        if (raw === 'near' || raw === 'overdue') out[name] = raw
        break
      default:
        out[name] = raw
    }
  }
  const f = out as CaseFilters
  if (f.sort !== undefined && !kSortFields.includes(f.sort.replace(/^-/, ''))) delete f.sort
  // include_sub=false is the default: leave it out.
  if (f.include_sub === false) delete f.include_sub
  return f
}

// The API filters → the URL's query (strings, in a stable order, empty values left out).
export function queryFromFilters(f: CaseFilters): LocationQueryRaw {
  const out: Record<string, string> = {}
  for (const name of Object.keys(kParams) as (keyof CaseFilters)[]) {
    const v = f[name]
    if (v === undefined || v === null || v === '') continue
    if (name === 'include_sub' && v === false) continue
    out[name] = String(v)
  }
  return out
}

// What the filter form edits. Date ranges are [from, to] pairs; a missing end is ''.
export interface FilterForm {
  q: string
  kind: string
  status: string
  agency_id: number | undefined
  include_sub: boolean
  filed: [string, string] | null
  closed: [string, string] | null
  handler_id: number | undefined
  party_id: number | undefined
  ip_right_id: number | undefined
  deadline: '' | 'near' | 'overdue'
}

export function emptyForm(): FilterForm {
  return {
    q: '',
    kind: '',
    status: '',
    agency_id: undefined,
    include_sub: false,
    filed: null,
    closed: null,
    handler_id: undefined,
    party_id: undefined,
    ip_right_id: undefined,
    deadline: '',
  }
}

function range(from?: string, to?: string): [string, string] | null {
  return from || to ? [from ?? '', to ?? ''] : null
}

export function formFromFilters(f: CaseFilters): FilterForm {
  return {
    q: f.q ?? '',
    kind: f.kind ?? '',
    status: f.status ?? '',
    agency_id: f.agency_id,
    include_sub: f.include_sub === true,
    filed: range(f.filed_from, f.filed_to),
    closed: range(f.closed_from, f.closed_to),
    handler_id: f.handler_id,
    party_id: f.party_id,
    ip_right_id: f.ip_right_id,
    deadline: f.deadline ?? '',
  }
}

// The form, with the drill-down extras and the sort kept from the current filters → the filters.
export function filtersFromForm(form: FilterForm, keep: CaseFilters = {}): CaseFilters {
  const f: CaseFilters = {}
  for (const name of kExtraParams) {
    if (keep[name] !== undefined) (f as Record<string, unknown>)[name] = keep[name]
  }
  if (keep.sort) f.sort = keep.sort
  const q = form.q.trim()
  if (q) f.q = q
  if (form.kind) f.kind = form.kind
  if (form.status) f.status = form.status
  if (form.agency_id) {
    f.agency_id = form.agency_id
    if (form.include_sub) f.include_sub = true
  }
  if (form.filed?.[0]) f.filed_from = form.filed[0]
  if (form.filed?.[1]) f.filed_to = form.filed[1]
  if (form.closed?.[0]) f.closed_from = form.closed[0]
  if (form.closed?.[1]) f.closed_to = form.closed[1]
  if (form.handler_id) f.handler_id = form.handler_id
  if (form.party_id) f.party_id = form.party_id
  if (form.ip_right_id) f.ip_right_id = form.ip_right_id
  if (form.deadline) f.deadline = form.deadline
  return f
}

// Whether any of the folded filters is set (the form opens unfolded then).
export function hasAdvanced(form: FilterForm): boolean {
  return !!(form.filed || form.closed || form.handler_id || form.party_id || form.ip_right_id)
}

// The table's sort (el-table sort-change: a column prop and ascending/descending/null) ⇄ the
// API's sort ('-filed_on'). Columns are keyed by the API's field names.
export type TableOrder = 'ascending' | 'descending' | null
export function sortFromTable(prop: string | null | undefined, order: TableOrder): string | undefined {
  if (!prop || !order || !kSortFields.includes(prop)) return undefined
  return order === 'descending' ? `-${prop}` : prop
}
export function tableFromSort(sort: string | undefined): { prop: string; order: 'ascending' | 'descending' } | undefined {
  if (!sort) return undefined
  const desc = sort.startsWith('-')
  return { prop: desc ? sort.slice(1) : sort, order: desc ? 'descending' : 'ascending' }
}

// Two queries are the same search (to tell "search again" from a navigation).
export function sameQuery(a: LocationQueryRaw, b: LocationQueryRaw): boolean {
  const ka = Object.keys(a).filter((k) => a[k] !== undefined)
  const kb = Object.keys(b).filter((k) => b[k] !== undefined)
  return ka.length === kb.length && ka.every((k) => String(a[k]) === String(b[k]))
}

// Fen → yuan with two decimals and thousands separators ('12,345.60'); '' for null.
export function formatYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return ''
  const neg = fen < 0
  const abs = Math.abs(Math.trunc(fen))
  const yuan = Math.floor(abs / 100)
  const cents = String(abs % 100).padStart(2, '0')
  return `${neg ? '-' : ''}${yuan.toLocaleString('en-US')}.${cents}`
}

// An RFC 3339 timestamp (+08:00, China time) → 'YYYY-MM-DD HH:mm'.
export function formatTimestamp(ts: string | null | undefined): string {
  if (!ts) return ''
  return ts.length >= 16 ? `${ts.slice(0, 10)} ${ts.slice(11, 16)}` : ts
}
