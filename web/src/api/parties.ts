// Parties (当事人): people and organisations, shared by every case (API.md, openapi.yaml).
import { get, post, type RequestOptions } from '@/utils/http'

export type PartyType = 'person' | 'organization'
export interface Party {
  id: number
  uid: string
  type: PartyType
  name: string
  uscc: string | null
  // Masked (110105********002X, 139****5678) unless the caller may read this party's personal data.
  id_number: string | null
  phone: string | null
  address: string | null
  source_system: string | null
  external_id: string | null
  version: number
  created_at: string
  updated_at: string
}
export interface PartyInput {
  type: PartyType
  name: string
  uscc?: string
  id_number?: string
  phone?: string
  address?: string
}
export interface PartyQuery {
  type?: PartyType
  uscc?: string
  id_number?: string
  // A substring of the name, two characters at least (the server refuses shorter).
  q?: string
  limit?: number
  cursor?: string
}
export interface PartyPage {
  items: Party[]
  next_cursor: string | null
  total: number
}

export function listParties(query: PartyQuery, options?: RequestOptions): Promise<PartyPage> {
  return get<PartyPage>('/parties', query, options)
}
export function getParty(id: number, options?: RequestOptions): Promise<Party> {
  return get<Party>(`/parties/${id}`, undefined, options)
}
export function createParty(input: PartyInput, options?: RequestOptions): Promise<Party> {
  return post<Party>('/parties', input, options)
}
