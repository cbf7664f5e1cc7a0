import { describe, expect, it } from 'vitest'
import type { Agency } from '@/api/agencies'
import { agencyMayOwn, candidateAgencies, defaultAgency, defaultRole, kindFields, offeredKinds, rolesForKind } from './kinds'

function agency(id: number, parent_id: number | null, type: string, court_level: string | null = null): Agency {
  return { id, uid: `u${id}`, parent_id, depth: 0, name: `a${id}`, abbr: `a${id}`, type, court_level, court_code: null, area_code: null, case_number_template: null }
}
const kAll = ['complaint', 'report', 'admin_penalty', 'patent_adjudication', 'mediation', 'arbitration', 'civil_first', 'civil_second', 'admin_first', 'admin_second', 'criminal_first', 'criminal_second', 'enforcement']
const high = agency(1, null, 'court', 'high')
const mid = agency(2, 1, 'court', 'intermediate')
const basic = agency(3, 2, 'court', 'basic')
const amr = agency(14, null, 'market_regulation')
const amrUnit = agency(15, 14, 'market_regulation')
const arb = agency(28, null, 'arbitration')
const hotline = agency(29, null, 'hotline')
const police = agency(30, null, 'public_security')
const all = [high, mid, basic, amr, amrUnit, arb, hotline, police]

describe('which agency may hold which kind (mirror of reg::AgencyMayOwn)', () => {
  it('keeps complaints away from courts', () => {
    expect(agencyMayOwn(mid, 'complaint')).toBe(false)
    expect(agencyMayOwn(amr, 'complaint')).toBe(true)
    expect(agencyMayOwn(hotline, 'complaint')).toBe(true)
  })
  it('sends appeals above the basic courts', () => {
    expect(agencyMayOwn(basic, 'civil_second')).toBe(false)
    expect(agencyMayOwn(mid, 'civil_second')).toBe(true)
    expect(agencyMayOwn(basic, 'civil_first')).toBe(true)
  })
  it('offers the kinds of the user\'s agencies only', () => {
    expect(offeredKinds(kAll, [mid])).toEqual(['mediation', 'civil_first', 'civil_second', 'admin_first', 'admin_second', 'criminal_first', 'criminal_second', 'enforcement'])
    expect(offeredKinds(kAll, [basic])).not.toContain('civil_second')
    expect(offeredKinds(kAll, [arb])).toEqual(['mediation', 'arbitration'])
    expect(offeredKinds(kAll, [hotline])).toEqual(['complaint', 'report'])
    expect(offeredKinds(kAll, [police])).toEqual(['report'])
    expect(offeredKinds(kAll, [amrUnit])).toEqual(['complaint', 'report', 'admin_penalty', 'patent_adjudication', 'mediation'])
  })
})

describe('candidate agencies by data scope', () => {
  it('follows the scope', () => {
    expect(candidateAgencies(all, 2, 'agency').map((a) => a.id)).toEqual([2])
    expect(candidateAgencies(all, 2, 'own_cases').map((a) => a.id)).toEqual([2])
    expect(candidateAgencies(all, 2, 'agency_and_below').map((a) => a.id)).toEqual([2, 3])
    expect(candidateAgencies(all, 2, 'all')).toHaveLength(all.length)
  })
  it('defaults to the own agency when it fits, else the first that does', () => {
    expect(defaultAgency('civil_first', [mid, basic], 2)).toBe(2)
    expect(defaultAgency('complaint', all, 2)).toBe(14)
    expect(defaultAgency('arbitration', [mid], 2)).toBeUndefined()
  })
})

describe('kind fields and roles', () => {
  it('asks for the procedure of civil first instances only', () => {
    expect(kindFields('civil_first').procedure).toBe(true)
    expect(kindFields('civil_second').procedure).toBe(false)
    expect(kindFields('complaint')).toEqual({ procedure: false, claim: false, titleHint: 'complaint' })
    expect(kindFields('arbitration').claim).toBe(true)
  })
  it('suggests the usual roles in order', () => {
    expect(rolesForKind('civil_first')).toEqual(['plaintiff', 'defendant', 'third_party'])
    expect(defaultRole('civil_first', 0)).toBe('plaintiff')
    expect(defaultRole('civil_first', 1)).toBe('defendant')
    expect(defaultRole('complaint', 5)).toBe('respondent')
    expect(defaultRole('', 0)).toBe('')
  })
})
