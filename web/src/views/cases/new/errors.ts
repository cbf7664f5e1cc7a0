// Where a server error belongs on the new-case form. ApiError.field is a JSON path into the
// request (`parties[0].party.uscc`, `ip_right_ids[1]`, `title`); the form's keys are dotted
// paths into its model (`parties.0.uscc`, `ip_rights.1.number`, `title`).
export interface FieldContext {
  // Each party row's mode, by index (the request's parties are the rows, in order).
  partyModes: ('new' | 'existing')[]
  // For each index of the request's ip_right_ids, the row it came from, and each row's mode.
  ipRowOf: number[]
  ipModes: ('new' | 'existing')[]
}

const kPartyFields = ['type', 'name', 'uscc', 'id_number', 'phone', 'address']
const kTopFields = ['kind', 'agency_id', 'title', 'procedure', 'handler_id', 'received_on', 'filed_on', 'summary']
const kIpFields = ['type', 'title', 'number', 'nice_class']

// The form key of a field of POST /cases; null when no form item shows it.
export function caseFieldKey(field: string | undefined, ctx: FieldContext): string | null {
  if (!field) return null
  if (kTopFields.includes(field)) return field
  if (field === 'claim_amount_fen') return 'claim_amount'
  if (/^tags(\[\d+\])?$/.test(field)) return 'tags'
  if (field === 'parties') return 'parties'
  if (field === 'ip_right_ids') return 'ip_rights'
  let m = /^parties\[(\d+)\](?:\.(.+))?$/.exec(field)
  if (m) {
    const i = Number(m[1])
    if (i >= ctx.partyModes.length) return 'parties'
    const whole = ctx.partyModes[i] === 'existing' ? `parties.${i}.party_id` : `parties.${i}.name`
    const rest = m[2]
    if (rest === undefined || rest === 'party') return whole
    if (rest === 'role' || rest === 'party_id') return `parties.${i}.${rest}`
    const sub = rest.replace(/^party\./, '')
    return kPartyFields.includes(sub) ? `parties.${i}.${sub}` : whole
  }
  m = /^ip_right_ids\[(\d+)\]$/.exec(field)
  if (m) {
    const row = ctx.ipRowOf[Number(m[1])]
    if (row === undefined) return 'ip_rights'
    return ctx.ipModes[row] === 'existing' ? `ip_rights.${row}.ip_right_id` : `ip_rights.${row}.number`
  }
  return null
}

// The form key of a field of POST /ip-rights made for IP row `row`.
export function ipFieldKey(row: number, field: string | undefined): string {
  return field && kIpFields.includes(field) ? `ip_rights.${row}.${field}` : `ip_rights.${row}.title`
}
