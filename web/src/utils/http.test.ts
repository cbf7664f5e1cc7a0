// The one HTTP client: every failure becomes one Chinese message, 401s go back to login, writes
// carry the CSRF token, and `silent` calls leave the message to the form.
import { describe, expect, it, vi } from 'vitest'
import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios'
import { AxiosError } from 'axios'
import { ApiError, createHttp, queryString, toApiError, type HttpHooks } from './http'

function reply(status: number, data: unknown): AxiosAdapter {
  return async (config: InternalAxiosRequestConfig) => {
    const response = { status, statusText: '', data, headers: {}, config } as AxiosResponse
    if (status >= 400) throw new AxiosError('failed', undefined, config, undefined, response)
    return response
  }
}

function client(adapter: AxiosAdapter, csrf?: string) {
  const hooks: HttpHooks = { csrfToken: () => csrf, notify: vi.fn(), onUnauthenticated: vi.fn() }
  const http = createHttp(hooks)
  http.defaults.adapter = adapter
  return { http, hooks }
}

describe('toApiError', () => {
  it('keeps the server message, code and field', async () => {
    const { http } = client(reply(400, { error: { code: 'invalid_field', message: '统一社会信用代码校验码错误', field: 'parties[0].uscc' } }))
    const err = await http.post('/cases', {}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 400, code: 'invalid_field', message: '统一社会信用代码校验码错误', field: 'parties[0].uscc' })
  })

  it('falls back to the dictionary message for the code when the body has none', async () => {
    const { http } = client(reply(412, ''))
    const err = (await http.patch('/cases/1', {}).catch((e: unknown) => e)) as ApiError
    expect(err.code).toBe('precondition_failed')
    expect(err.message).toBe('记录已被他人修改，请刷新后重试')
  })

  it('names a network failure and a timeout in Chinese', () => {
    const network = toApiError(new AxiosError('Network Error', 'ERR_NETWORK'))
    expect(network).toMatchObject({ status: 0, code: 'network', message: '无法连接服务器，请检查网络后重试' })
    const timeout = toApiError(new AxiosError('timeout', 'ECONNABORTED'))
    expect(timeout.message).toBe('服务器响应超时，请稍后重试')
  })

  it('gives unknown statuses a message with the status', () => {
    const config = { headers: {} } as InternalAxiosRequestConfig
    const response = { status: 418, statusText: '', data: null, headers: {}, config } as AxiosResponse
    expect(toApiError(new AxiosError('x', undefined, config, undefined, response)).message).toBe('请求失败（HTTP 418），请稍后重试')
    response.status = 503
    expect(toApiError(new AxiosError('x', undefined, config, undefined, response)).message).toBe('服务器内部错误，请稍后重试或联系管理员')
  })
})

describe('createHttp', () => {
  it('shows each error once, unless the call is silent', async () => {
    const { http, hooks } = client(reply(409, { error: { code: 'conflict', message: '当前状态不能受理' } }))
    await http.post('/cases/1/actions', {}).catch(() => {})
    expect(hooks.notify).toHaveBeenCalledExactlyOnceWith('当前状态不能受理')
    await http.post('/cases/1/actions', {}, { silent: true } as object).catch(() => {})
    expect(hooks.notify).toHaveBeenCalledTimes(1)
  })

  it('sends a 401 back to login without a message, but not a failed login', async () => {
    const { http, hooks } = client(reply(401, { error: { code: 'unauthenticated', message: '请先登录' } }))
    await http.get('/cases').catch(() => {})
    expect(hooks.onUnauthenticated).toHaveBeenCalledTimes(1)
    expect(hooks.notify).not.toHaveBeenCalled()
    await http.post('/auth/login', {}).catch(() => {})
    expect(hooks.onUnauthenticated).toHaveBeenCalledTimes(1)
  })

  it('adds X-CSRF-Token to writes only', async () => {
    const seen: Record<string, unknown> = {}
    const adapter: AxiosAdapter = async (config) => {
      seen[config.method ?? ''] = config.headers.get('X-CSRF-Token')
      return { status: 200, statusText: '', data: {}, headers: {}, config }
    }
    const { http } = client(adapter, 'tok')
    await http.get('/cases')
    await http.post('/cases', {})
    await http.delete('/tokens/1')
    expect(seen).toEqual({ get: undefined, post: 'tok', delete: 'tok' })
  })
})

describe('queryString', () => {
  it('drops empty values and joins lists', () => {
    expect(queryString({ kind: 'civil_first', q: '', agency_id: 3, tags: ['a', 'b'], x: undefined, y: null })).toBe('?kind=civil_first&agency_id=3&tags=a%2Cb')
    expect(queryString({})).toBe('')
  })
})
