// IP rights (知识产权): patents, trademarks, copyrights … shared by every case (openapi.yaml).
import { get, post, type RequestOptions } from '@/utils/http'

export interface IpRight {
  id: number
  uid: string
  type: string
  number: string | null
  title: string
  owner_party_id: number | null
  owner_name: string | null
  nice_class: number | null
  filed_on: string | null
  granted_on: string | null
  status: string
  area_code: string | null
  version: number
  created_at: string
  updated_at: string
}
export interface IpRightInput {
  type: string
  title: string
  number?: string
  owner_party_id?: number
  nice_class?: number
  filed_on?: string
  granted_on?: string
  status?: string
  area_code?: string
}
export interface IpRightQuery {
  type?: string
  // Matched after normalisation (CN/ZL prefixes, spaces, the dot).
  number?: string
  owner_party_id?: number
  // A substring of the title or number, two characters at least.
  q?: string
  limit?: number
  cursor?: string
}
export interface IpRightPage {
  items: IpRight[]
  next_cursor: string | null
  total: number
}

export function listIpRights(query: IpRightQuery, options?: RequestOptions): Promise<IpRightPage> {
  return get<IpRightPage>('/ip-rights', query, options)
}
export function getIpRight(id: number, options?: RequestOptions): Promise<IpRight> {
  return get<IpRight>(`/ip-rights/${id}`, undefined, options)
}
export function createIpRight(input: IpRightInput, options?: RequestOptions): Promise<IpRight> {
  return post<IpRight>('/ip-rights', input, options)
}
