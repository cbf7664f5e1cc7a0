// API tokens (system:token:read / write). The secret is in the create answer only.
import { del, get, post } from '@/utils/http'

export interface Token {
  id: number
  uid: string
  name: string
  prefix: string
  role: string
  agency_id: number
  agency_name: string
  rate_limit: number | null
  created_at: string
  expires_at: string | null
  revoked_at: string | null
  last_used_at: string | null
}
export interface NewToken {
  name: string
  role: string
  agency_id?: number
  expires_days?: number
  rate_limit?: number
}
// Send as `Authorization: Bearer <token>`.
export interface CreatedToken extends Token {
  token: string
}

export function listTokens(): Promise<{ items: Token[] }> {
  return get<{ items: Token[] }>('/tokens')
}
export function createToken(input: NewToken): Promise<CreatedToken> {
  return post<CreatedToken>('/tokens', input, { silent: true })
}
// It stops working at once.
export function revokeToken(id: number): Promise<void> {
  return del<void>(`/tokens/${id}`)
}
