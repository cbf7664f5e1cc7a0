// The signed-in user: who they are, what they may do, and the session's CSRF token.
import { defineStore } from 'pinia'
import * as authApi from '@/api/auth'
import type { Session } from '@/api/auth'

export const useUserStore = defineStore('user', {
  state: () => ({
    session: null as Session | null,
    // Whether GET /auth/me has been asked once since the page loaded.
    checked: false,
  }),
  getters: {
    loggedIn: (s) => s.session !== null,
    user: (s) => s.session?.user ?? null,
    permissions: (s) => s.session?.permissions ?? [],
    mustChangePassword: (s) => s.session?.must_change_password ?? false,
    totpEnrolmentRequired: (s) => s.session?.totp_enrolment_required ?? false,
    // The server's legal date (YYYY-MM-DD, China time), never the browser's.
    today: (s) => s.session?.today ?? '',
  },
  actions: {
    // True when the user holds every one of `perms` (an empty list always holds).
    can(perms: string | string[] | undefined): boolean {
      const list = perms === undefined ? [] : Array.isArray(perms) ? perms : [perms]
      const held = this.permissions
      return list.every((p) => held.includes(p))
    },
    async login(username: string, password: string, totp?: string): Promise<Session> {
      this.session = await authApi.login(username, password, totp)
      this.checked = true
      return this.session
    },
    // Loads the session from the cookie, once; false when there is none.
    async restore(): Promise<boolean> {
      if (this.checked) return this.loggedIn
      try {
        this.session = await authApi.me()
      } catch {
        this.session = null
      }
      this.checked = true
      return this.loggedIn
    },
    async refresh(): Promise<void> {
      this.session = await authApi.me()
    },
    async logout(): Promise<void> {
      try {
        await authApi.logout()
      } finally {
        this.clear()
      }
    },
    clear(): void {
      this.session = null
      this.checked = true
    },
  },
})
