import { describe, expect, it } from 'vitest'
import { caseFieldKey, ipFieldKey, type FieldContext } from './errors'

const ctx: FieldContext = { partyModes: ['new', 'existing'], ipRowOf: [0, 2], ipModes: ['existing', 'new', 'new'] }

describe('caseFieldKey: ApiError.field → form item', () => {
  it('maps top-level fields', () => {
    expect(caseFieldKey('title', ctx)).toBe('title')
    expect(caseFieldKey('agency_id', ctx)).toBe('agency_id')
    expect(caseFieldKey('claim_amount_fen', ctx)).toBe('claim_amount')
    expect(caseFieldKey('tags[3]', ctx)).toBe('tags')
    expect(caseFieldKey(undefined, ctx)).toBeNull()
    expect(caseFieldKey('source_system', ctx)).toBeNull()
  })
  it('maps a new party\'s fields, with or without the .party step', () => {
    expect(caseFieldKey('parties[0].party.uscc', ctx)).toBe('parties.0.uscc')
    expect(caseFieldKey('parties[0].uscc', ctx)).toBe('parties.0.uscc')
    expect(caseFieldKey('parties[0].party.id_number', ctx)).toBe('parties.0.id_number')
    expect(caseFieldKey('parties[0].role', ctx)).toBe('parties.0.role')
    expect(caseFieldKey('parties[0].party.source_system', ctx)).toBe('parties.0.name')
  })
  it('puts a whole-row error on the row\'s main field', () => {
    expect(caseFieldKey('parties[0]', ctx)).toBe('parties.0.name')
    expect(caseFieldKey('parties[1]', ctx)).toBe('parties.1.party_id')
    expect(caseFieldKey('parties[1].party_id', ctx)).toBe('parties.1.party_id')
    expect(caseFieldKey('parties[7].role', ctx)).toBe('parties')
    expect(caseFieldKey('parties', ctx)).toBe('parties')
  })
  it('maps ip_right_ids back to the rows they came from', () => {
    expect(caseFieldKey('ip_right_ids[0]', ctx)).toBe('ip_rights.0.ip_right_id')
    expect(caseFieldKey('ip_right_ids[1]', ctx)).toBe('ip_rights.2.number')
    expect(caseFieldKey('ip_right_ids[5]', ctx)).toBe('ip_rights')
  })
})

describe('ipFieldKey: POST /ip-rights errors → the row', () => {
  it('maps known fields and falls back to the title', () => {
    expect(ipFieldKey(1, 'number')).toBe('ip_rights.1.number')
    expect(ipFieldKey(1, 'nice_class')).toBe('ip_rights.1.nice_class')
    expect(ipFieldKey(0, undefined)).toBe('ip_rights.0.title')
  })
})
