// Auth endpoints (API.md "Auth").
import { get, post } from '@/utils/http'

export interface User {
  id: number
  uid: string
  username: string
  display_name: string
  agency_id: number
  agency_name: string
  role: string
  role_name: string
  title: string | null
  phone: string | null
  locked_until: string | null
  disabled: boolean
  totp_enabled: boolean
  must_change_password: boolean
  last_login_at: string | null
  created_at: string
  version: number
}

export interface Session {
  user: User
  role: string
  permissions: string[]
  data_scope: string
  agency_id: number
  must_change_password: boolean
  totp_enrolment_required: boolean
  csrf_token: string
  // The server's clock (serve --now fixes it) and its legal date in China time: actions default
  // to `today` and may not be dated after it, whatever the browser's clock says.
  now: string
  today: string
}

export function login(username: string, password: string, totp?: string): Promise<Session> {
  return post<Session>('/auth/login', { username, password, ...(totp ? { totp } : {}) }, { silent: true })
}
export function logout(): Promise<void> {
  return post<void>('/auth/logout')
}
export function me(): Promise<Session> {
  return get<Session>('/auth/me', undefined, { silent: true })
}
export function changePassword(current_password: string, new_password: string): Promise<void> {
  return post<void>('/auth/password', { current_password, new_password }, { silent: true })
}
export interface TotpEnrolment {
  secret: string
  uri: string
}
export function enrolTotp(): Promise<TotpEnrolment> {
  return post<TotpEnrolment>('/auth/totp/enrol')
}
export function confirmTotp(code: string): Promise<{ totp_enabled: boolean }> {
  return post<{ totp_enabled: boolean }>('/auth/totp/confirm', { code }, { silent: true })
}
