import { describe, expect, it } from 'vitest'
import { buildCaseInput, ipRightIds, missingFields, yuanToFen, type IpRow, type NewCaseForm, type PartyRow } from './form'
import { liveState } from './live'

function party(over: Partial<PartyRow> = {}): PartyRow {
  return {
    key: 1, role: 'plaintiff', mode: 'new', party_id: undefined, type: 'organization', name: '', uscc: '', id_number: '',
    phone: '', address: '', live: { uscc: liveState(), id_number: liveState() }, ...over,
  }
}
function ip(over: Partial<IpRow> = {}): IpRow {
  return { key: 1, mode: 'new', ip_right_id: undefined, type: '', number: '', title: '', nice_class: undefined, resolved_id: undefined, live: { number: liveState() }, ...over }
}
function form(over: Partial<NewCaseForm> = {}): NewCaseForm {
  return {
    kind: 'civil_first', agency_id: 2, title: '某某诉某某', procedure: 'ordinary', handler_id: undefined, received_on: '', filed_on: '',
    claim: '', tags: [], summary: '', parties: [], ipRights: [], ...over,
  }
}

describe('yuanToFen', () => {
  it('converts exactly', () => {
    expect(yuanToFen('20140')).toBe(2014000)
    expect(yuanToFen('1,234.5')).toBe(123450)
    expect(yuanToFen(' 0.07 ')).toBe(7)
    expect(yuanToFen('19.99')).toBe(1999)
    expect(yuanToFen('')).toBeNull()
  })
  it('refuses what is not an amount', () => {
    expect(yuanToFen('-1')).toBeUndefined()
    expect(yuanToFen('1.234')).toBeUndefined()
    expect(yuanToFen('abc')).toBeUndefined()
  })
})

describe('buildCaseInput', () => {
  it('sends new and existing parties, the amount in fen and the IP ids', () => {
    const f = form({
      claim: '10,000.50',
      tags: [' 商标 ', '商标', ''],
      summary: '  ',
      parties: [
        party({ name: ' 山西某公司 ', uscc: '91140700MA0K12345X', id_number: 'ignored', phone: '0354-1234567' }),
        party({ role: 'defendant', type: 'person', name: '张伟', uscc: 'ignored', id_number: '11010519491231002X' }),
        party({ role: 'third_party', mode: 'existing', party_id: 33, name: 'ignored' }),
      ],
    })
    expect(buildCaseInput(f, [23, 24])).toEqual({
      kind: 'civil_first', agency_id: 2, title: '某某诉某某', procedure: 'ordinary', claim_amount_fen: 1000050, tags: ['商标'],
      parties: [
        { role: 'plaintiff', party: { type: 'organization', name: '山西某公司', uscc: '91140700MA0K12345X', phone: '0354-1234567' } },
        { role: 'defendant', party: { type: 'person', name: '张伟', id_number: '11010519491231002X' } },
        { role: 'third_party', party_id: 33 },
      ],
      ip_right_ids: [23, 24],
    })
  })
  it('leaves out what the kind does not take', () => {
    const input = buildCaseInput(form({ kind: 'complaint', procedure: 'summary', received_on: '2026-11-19' }), [])
    expect(input).toEqual({ kind: 'complaint', agency_id: 2, title: '某某诉某某', received_on: '2026-11-19' })
  })
})

describe('ipRightIds', () => {
  it('keeps row order, drops repeats and remembers the rows', () => {
    const rows = [ip({ mode: 'existing', ip_right_id: 5 }), ip({ resolved_id: 9 }), ip({ mode: 'existing', ip_right_id: 5 }), ip({ mode: 'existing', ip_right_id: 7 })]
    expect(ipRightIds(rows)).toEqual({ ids: [5, 9, 7], rowOf: [0, 1, 3] })
  })
})

describe('missingFields', () => {
  it('names the empty required fields by form key', () => {
    const f = form({
      title: ' ', agency_id: undefined, claim: '1.234',
      parties: [party({ role: '' }), party({ mode: 'existing' })],
      ipRights: [ip(), ip({ mode: 'existing' })],
    })
    expect(missingFields(f, true).map((m) => m.key)).toEqual([
      'agency_id', 'title', 'claim_amount', 'parties.0.role', 'parties.0.name', 'parties.1.party_id',
      'ip_rights.0.type', 'ip_rights.0.title', 'ip_rights.1.ip_right_id',
    ])
    expect(missingFields(form(), true)).toEqual([])
  })
})
