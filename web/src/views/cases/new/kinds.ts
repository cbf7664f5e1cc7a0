// What the new-case form offers for each kind of case, and which agencies may hold which kinds.
import type { Agency } from '@/api/agencies'

export const kCourtKinds = [
  'civil_first', 'civil_second', 'admin_first', 'admin_second', 'criminal_first', 'criminal_second', 'enforcement',
]

// Which agencies may hold a kind of case: the same table as the server's reg::AgencyMayOwn
// (src/register/dict.cpp), which refuses the others with 400 on agency_id. Only used to offer
// the kinds and agencies that make sense; the server decides.
export function agencyMayOwn(agency: Pick<Agency, 'type' | 'court_level'>, kind: string): boolean {
  const type = agency.type
  if (kCourtKinds.includes(kind)) {
    if (type !== 'court') return false
    const second = kind === 'civil_second' || kind === 'admin_second' || kind === 'criminal_second'
    // Appeals go to a court above the basic level.
    return !second || agency.court_level !== 'basic'
  }
  switch (kind) {
    case 'complaint':
      return type === 'market_regulation' || type === 'hotline'
    case 'report':
      return type === 'market_regulation' || type === 'hotline' || type === 'public_security'
    case 'admin_penalty':
      return type === 'market_regulation'
    case 'patent_adjudication':
      return type === 'market_regulation' || type === 'ip_office'
    case 'mediation':
      return type === 'arbitration' || type === 'court' || type === 'market_regulation'
    case 'arbitration':
      return type === 'arbitration'
    default:
      return false
  }
}

// The agencies the caller may register cases for, by the session's data scope: everything for
// 'all' (and 'custom', which the server checks), the own agency and those below it for
// 'agency_and_below', else the own agency.
export function candidateAgencies(agencies: Agency[], ownId: number, scope: string): Agency[] {
  if (scope === 'all' || scope === 'custom') return agencies
  if (scope !== 'agency_and_below') return agencies.filter((a) => a.id === ownId)
  const byId = new Map(agencies.map((a) => [a.id, a]))
  const below = (a: Agency): boolean => {
    for (let cur: Agency | undefined = a, hops = 0; cur && hops < 64; cur = cur.parent_id !== null ? byId.get(cur.parent_id) : undefined, hops++) {
      if (cur.id === ownId) return true
    }
    return false
  }
  return agencies.filter(below)
}

// The kinds (in the dictionary's order) some candidate agency may hold.
export function offeredKinds(allKinds: string[], candidates: Agency[]): string[] {
  return allKinds.filter((k) => candidates.some((a) => agencyMayOwn(a, k)))
}

// The agency a new case of `kind` defaults to: the user's own when it may hold the kind, else
// the first candidate that may.
export function defaultAgency(kind: string, candidates: Agency[], ownId: number): number | undefined {
  const fits = candidates.filter((a) => agencyMayOwn(a, kind))
  return (fits.find((a) => a.id === ownId) ?? fits[0])?.id
}

// The party roles that fit each kind (codes of the dictionary's party_role), most usual first.
const kRoles: Record<string, string[]> = {
  civil_first: ['plaintiff', 'defendant', 'third_party'],
  civil_second: ['appellant', 'appellee', 'third_party'],
  admin_first: ['plaintiff', 'defendant', 'third_party'],
  admin_second: ['appellant', 'appellee', 'third_party'],
  criminal_first: ['accused', 'victim'],
  criminal_second: ['appellant', 'accused', 'victim'],
  enforcement: ['enforcement_applicant', 'enforcement_respondent'],
  complaint: ['complainant', 'respondent'],
  report: ['reporter', 'respondent', 'party_concerned'],
  admin_penalty: ['party_concerned', 'reporter'],
  patent_adjudication: ['applicant', 'respondent'],
  mediation: ['applicant', 'respondent'],
  arbitration: ['applicant', 'respondent'],
}
export function rolesForKind(kind: string): string[] {
  return kRoles[kind] ?? []
}
// The role a new party row gets: the n-th usual role, then the last one again.
export function defaultRole(kind: string, index: number): string {
  const roles = rolesForKind(kind)
  return roles[Math.min(index, roles.length - 1)] ?? ''
}

export interface KindFields {
  // Civil first instance: ordinary, summary or small-claims procedure.
  procedure: boolean
  // A sum in dispute (claim_amount_fen).
  claim: boolean
  // Which example the title's placeholder shows (cases.new.titlePlaceholder.*).
  titleHint: 'court' | 'admin' | 'complaint' | 'adr'
}
export function kindFields(kind: string): KindFields {
  const claim = ['civil_first', 'civil_second', 'mediation', 'arbitration', 'enforcement'].includes(kind)
  const titleHint = kCourtKinds.includes(kind)
    ? 'court'
    : kind === 'complaint'
      ? 'complaint'
      : kind === 'mediation' || kind === 'arbitration'
        ? 'adr'
        : 'admin'
  return { procedure: kind === 'civil_first', claim, titleHint }
}

// Whether an IP type is a patent (its number is a patent application number, checked live).
export function isPatentType(type: string): boolean {
  return type.startsWith('patent_')
}
