// The new-case form's model, the request it becomes (POST /cases) and the checks made before
// sending it. Identifier rules (USCC, ID and patent numbers) are the server's alone: they are
// checked live through GET /validate and again by the server on submit, never here.
import type { CaseInput, CasePartyInput } from '@/api/cases'
import type { IpRightInput } from '@/api/ip-rights'
import type { PartyType } from '@/api/parties'
import type { LiveState } from './live'
import { isPatentType } from './kinds'

export interface PartyRow {
  key: number
  role: string
  // An existing party (party_id) or a new one registered with the case.
  mode: 'new' | 'existing'
  party_id: number | undefined
  type: PartyType
  name: string
  uscc: string
  id_number: string
  phone: string
  address: string
  live: { uscc: LiveState; id_number: LiveState }
}

export interface IpRow {
  key: number
  mode: 'new' | 'existing'
  ip_right_id: number | undefined
  type: string
  number: string
  title: string
  nice_class: number | undefined
  // The id of the right once registered (POST /ip-rights) or found by its number.
  resolved_id: number | undefined
  live: { number: LiveState }
}

export interface NewCaseForm {
  kind: string
  agency_id: number | undefined
  title: string
  procedure: string
  handler_id: number | undefined
  received_on: string
  filed_on: string
  claim: string
  tags: string[]
  summary: string
  parties: PartyRow[]
  ipRights: IpRow[]
}

// '12,345.6' (yuan) → 1234560 (fen), exactly, without floating point; null when empty,
// undefined when it is not an amount.
export function yuanToFen(text: string): number | null | undefined {
  const s = text.replace(/[,，\s]/g, '')
  if (s === '') return null
  const m = /^(\d{1,13})(?:\.(\d{0,2}))?$/.exec(s)
  if (!m) return undefined
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

function opt(s: string): string | undefined {
  const v = s.trim()
  return v === '' ? undefined : v
}

export function partyInput(row: PartyRow): CasePartyInput {
  if (row.mode === 'existing') return { role: row.role, party_id: row.party_id }
  const org = row.type === 'organization'
  const party: CasePartyInput['party'] = { type: row.type, name: row.name.trim() }
  const uscc = org ? opt(row.uscc) : undefined
  const idNumber = org ? undefined : opt(row.id_number)
  if (uscc) party.uscc = uscc
  if (idNumber) party.id_number = idNumber
  const phone = opt(row.phone)
  const address = opt(row.address)
  if (phone) party.phone = phone
  if (address) party.address = address
  return { role: row.role, party }
}

export function ipRightInput(row: IpRow): IpRightInput {
  const input: IpRightInput = { type: row.type, title: row.title.trim() }
  const number = opt(row.number)
  if (number) input.number = number
  if (row.type === 'trademark' && row.nice_class) input.nice_class = row.nice_class
  return input
}

// The ids of the IP rights, in row order without repeats, and for each the row it came from
// (to put an error on ip_right_ids[j] next to the right row).
export function ipRightIds(rows: IpRow[]): { ids: number[]; rowOf: number[] } {
  const ids: number[] = []
  const rowOf: number[] = []
  rows.forEach((r, i) => {
    const id = r.mode === 'existing' ? r.ip_right_id : r.resolved_id
    if (id && !ids.includes(id)) {
      ids.push(id)
      rowOf.push(i)
    }
  })
  return { ids, rowOf }
}

export function buildCaseInput(form: NewCaseForm, ipIds: number[]): CaseInput {
  const input: CaseInput = { kind: form.kind, agency_id: form.agency_id ?? 0, title: form.title.trim() }
  if (form.kind === 'civil_first' && form.procedure) input.procedure = form.procedure
  if (form.handler_id) input.handler_id = form.handler_id
  if (form.received_on) input.received_on = form.received_on
  if (form.filed_on) input.filed_on = form.filed_on
  const fen = yuanToFen(form.claim)
  if (typeof fen === 'number') input.claim_amount_fen = fen
  const tags = form.tags.map((s) => s.trim()).filter((s) => s !== '')
  if (tags.length) input.tags = [...new Set(tags)]
  const summary = opt(form.summary)
  if (summary) input.summary = summary
  if (form.parties.length) input.parties = form.parties.map(partyInput)
  if (ipIds.length) input.ip_right_ids = ipIds
  return input
}

// The form keys (see errors.ts) of empty required fields and malformed amounts, with the
// dictionary key of each field's name; a blank form lacks kind, agency and title.
export interface Missing {
  key: string
  field: string
  select?: boolean
}
export function missingFields(form: NewCaseForm, claimShown: boolean): (Missing | { key: string; message: 'claimInvalid' })[] {
  const out: (Missing | { key: string; message: 'claimInvalid' })[] = []
  if (!form.kind) out.push({ key: 'kind', field: 'cases.field.kind', select: true })
  if (!form.agency_id) out.push({ key: 'agency_id', field: 'cases.field.agency', select: true })
  if (!form.title.trim()) out.push({ key: 'title', field: 'cases.field.title' })
  if (claimShown && yuanToFen(form.claim) === undefined) out.push({ key: 'claim_amount', message: 'claimInvalid' })
  form.parties.forEach((p, i) => {
    if (!p.role) out.push({ key: `parties.${i}.role`, field: 'cases.new.role', select: true })
    if (p.mode === 'existing' && !p.party_id) out.push({ key: `parties.${i}.party_id`, field: 'cases.new.pickParty', select: true })
    if (p.mode === 'new' && !p.name.trim()) out.push({ key: `parties.${i}.name`, field: 'cases.new.partyName' })
  })
  form.ipRights.forEach((r, i) => {
    if (r.mode === 'existing' && !r.ip_right_id) out.push({ key: `ip_rights.${i}.ip_right_id`, field: 'cases.new.pickIpRight', select: true })
    if (r.mode === 'new') {
      if (!r.type) out.push({ key: `ip_rights.${i}.type`, field: 'cases.new.ipType', select: true })
      if (!r.title.trim()) out.push({ key: `ip_rights.${i}.title`, field: 'cases.new.ipTitle' })
    }
  })
  return out
}

// Whether a new IP row's number is checked live (patents: GET /validate/patent_number).
export function ipNumberChecked(row: IpRow): boolean {
  return row.mode === 'new' && isPatentType(row.type)
}
