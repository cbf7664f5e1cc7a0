// Routes: each area declares its pages in router/modules/<area>.ts (lazy views, meta.perms,
// paths relative to the root such as 'workbench/cases'), collected here under the main layout. The guard restores the session, enforces the forced
// password change and TOTP enrolment, and refuses pages whose permissions the user lacks.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import './types'
import { useUserStore } from '@/stores/user'
import { t } from '@/locales'

const modules = import.meta.glob<{ default: RouteRecordRaw[] }>('./modules/*.ts', { eager: true })
export const areaRoutes: RouteRecordRaw[] = Object.values(modules)
  .flatMap((m) => m.default)
  .sort((a, b) => (a.meta?.rank ?? 99) - (b.meta?.rank ?? 99))
// Pages with meta.layout === false (the big screen) are mounted at the top level, without the layout.
const bareRoutes = areaRoutes.filter((r) => r.meta?.layout === false).map((r) => ({ ...r, path: `/${r.path}` }) as RouteRecordRaw)

export const kPasswordRoute = '/account/password'
export const kTotpRoute = '/account/totp'

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/login/index.vue'), meta: { title: 'auth.loginTitle', public: true } },
  {
    path: '/',
    component: () => import('@/layout/index.vue'),
    redirect: '/workbench/todo',
    children: [
      ...areaRoutes.filter((r) => r.meta?.layout !== false),
      { path: '403', name: 'forbidden', component: () => import('@/views/error/403.vue'), meta: { title: 'menu.forbidden' } },
    ],
  },
  ...bareRoutes,
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/error/404.vue'), meta: { title: 'menu.notFound', public: true } },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  const user = useUserStore()
  if (!(await user.restore())) return { path: '/login', query: { redirect: to.fullPath } }
  if (user.mustChangePassword && to.path !== kPasswordRoute) return { path: kPasswordRoute, query: { forced: '1' } }
  if (!user.mustChangePassword && user.totpEnrolmentRequired && to.path !== kTotpRoute && to.path !== kPasswordRoute) {
    return { path: kTotpRoute, query: { required: '1' } }
  }
  const needed = to.matched.flatMap((r) => r.meta.perms ?? [])
  if (!user.can(needed)) return { name: 'forbidden' }
  return true
})

router.afterEach((to) => {
  const title = to.meta.title ? t(to.meta.title) : ''
  document.title = title ? `${title} · ${t('common.appName')}` : `${t('common.appName')} · ${t('common.appFullName')}`
})
