// The workbench's personal pages (my to-do, the deadline calculator) and the account pages
// (change password, two-step verification) that the user menu and the router guard open.
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: 'workbench/todo',
    name: 'todo',
    component: () => import('@/views/workbench/todo/index.vue'),
    meta: { title: 'workbench.todo.title', perms: ['case:record:read'], group: 'workbench', rank: 1, menu: true, icon: 'Bell' },
  },
  {
    path: 'workbench/calculator',
    name: 'calculator',
    component: () => import('@/views/workbench/calculator/index.vue'),
    meta: { title: 'workbench.calc.title', perms: [], group: 'workbench', rank: 8, menu: true, icon: 'Calendar' },
  },
  {
    path: 'account/password',
    name: 'account-password',
    component: () => import('@/views/account/password/index.vue'),
    meta: { title: 'auth.changePassword', perms: [], menu: false },
  },
  {
    path: 'account/totp',
    name: 'account-totp',
    component: () => import('@/views/account/totp/index.vue'),
    meta: { title: 'auth.totpSettings', perms: [], menu: false },
  },
]

export default routes
