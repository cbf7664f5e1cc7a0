// The one HTTP client. Every API call goes through it; its interceptors
// - add X-CSRF-Token to every request that writes (the session cookie needs it, API.md "Auth");
// - turn every failure into an ApiError with one Chinese message (the server's own `message`
//   when it sent one, else the dictionary's text for the code or the network failure);
// - send a 401 back to the login page (session expired), and show every other error once,
//   unless the caller asked for `silent` to show field errors itself.
import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig } from 'axios'
import { t } from '@/locales'

// An API failure: status 0 for network failures and timeouts.
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field?: string
  // The full response body, for answers that carry more than the error (an import's report).
  readonly body?: unknown
  constructor(status: number, code: string, message: string, field?: string, body?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    this.body = body
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; field?: string }
}

// Maps anything axios rejects with to an ApiError with a Chinese message. Pure: tested alone.
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  if (axios.isAxiosError(err)) {
    const e = err as AxiosError<ErrorBody>
    if (!e.response) {
      const timedOut = e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT'
      return new ApiError(0, timedOut ? 'timeout' : 'network', t(timedOut ? 'errors.timeout' : 'errors.network'))
    }
    const status = e.response.status
    const body = e.response.data
    const error = body && typeof body === 'object' ? body.error : undefined
    const code = error?.code ?? codeForStatus(status)
    const known = `errors.${code}`
    const fallback = code !== 'unknown' && t(known) !== known ? t(known) : t('errors.unknown', { status })
    const message = error?.message && error.message.trim() !== '' ? error.message : fallback
    return new ApiError(status, code, message, error?.field, body)
  }
  return new ApiError(0, 'unknown', err instanceof Error ? err.message : String(err))
}

function codeForStatus(status: number): string {
  const table: Record<number, string> = {
    400: 'invalid_field', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict',
    412: 'precondition_failed', 413: 'payload_too_large', 415: 'unsupported_media_type',
    422: 'unprocessable', 428: 'precondition_required', 429: 'rate_limited',
  }
  return table[status] ?? (status >= 500 ? 'internal' : 'unknown')
}

export interface RequestOptions extends AxiosRequestConfig {
  // The caller shows the error itself (a form's field error); no global message.
  silent?: boolean
}

export interface HttpHooks {
  csrfToken: () => string | undefined
  notify: (message: string) => void
  // A 401 on anything but the login call: the session is gone.
  onUnauthenticated: () => void
}

const kWriteMethods = new Set(['post', 'put', 'patch', 'delete'])

export function createHttp(hooks: HttpHooks): AxiosInstance {
  const instance = axios.create({ baseURL: '/api/v1', timeout: 60_000, withCredentials: true })
  instance.interceptors.request.use((config) => {
    const token = hooks.csrfToken()
    if (token && kWriteMethods.has((config.method ?? 'get').toLowerCase())) {
      config.headers.set('X-CSRF-Token', token)
    }
    return config
  })
  instance.interceptors.response.use(
    (response) => response,
    (err: unknown) => {
      const apiError = toApiError(err)
      const config = (axios.isAxiosError(err) ? err.config : undefined) as RequestOptions | undefined
      const isLogin = config?.url?.endsWith('/auth/login') ?? false
      if (apiError.status === 401 && !isLogin) {
        hooks.onUnauthenticated()
      } else if (!config?.silent) {
        hooks.notify(apiError.message)
      }
      return Promise.reject(apiError)
    },
  )
  return instance
}

// The application's instance; main.ts wires its hooks (messages, router, the session's token).
const hooks: HttpHooks = {
  csrfToken: () => undefined,
  notify: () => {},
  onUnauthenticated: () => {},
}
export function setHttpHooks(next: Partial<HttpHooks>): void {
  Object.assign(hooks, next)
}
export const http = createHttp({
  csrfToken: () => hooks.csrfToken(),
  notify: (m) => hooks.notify(m),
  onUnauthenticated: () => hooks.onUnauthenticated(),
})

export async function get<T>(url: string, params?: object, options?: RequestOptions): Promise<T> {
  return (await http.get<T>(url, { ...options, params })).data
}
export async function post<T>(url: string, body?: unknown, options?: RequestOptions): Promise<T> {
  return (await http.post<T>(url, body, options)).data
}
export async function put<T>(url: string, body?: unknown, options?: RequestOptions): Promise<T> {
  return (await http.put<T>(url, body, options)).data
}
export async function patch<T>(url: string, body?: unknown, options?: RequestOptions): Promise<T> {
  return (await http.patch<T>(url, body, options)).data
}
export async function del<T>(url: string, options?: RequestOptions): Promise<T> {
  return (await http.delete<T>(url, options)).data
}

// A query string for links the browser opens itself (exports, drill-downs): empty values dropped.
export function queryString(params: Record<string, unknown>): string {
  const search = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue
    search.set(k, Array.isArray(v) ? v.join(',') : String(v))
  }
  const s = search.toString()
  return s ? `?${s}` : ''
}
