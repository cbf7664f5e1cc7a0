// 系统管理: agencies, users, roles, API tokens, webhooks, the audit log, imports, the holiday
// calendar and the dictionary. Each page's permission is the one its API routes ask for
// (docs/api/openapi.yaml summaries); the server enforces them again.
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: 'admin/agencies',
    name: 'admin-agencies',
    component: () => import('@/views/admin/agencies/index.vue'),
    meta: { title: 'admin.menu.agencies', perms: ['system:agency:read'], group: 'admin', rank: 101, menu: true, icon: 'OfficeBuilding' },
  },
  {
    path: 'admin/users',
    name: 'admin-users',
    component: () => import('@/views/admin/users/index.vue'),
    meta: { title: 'admin.menu.users', perms: ['system:user:read'], group: 'admin', rank: 102, menu: true, icon: 'User' },
  },
  {
    path: 'admin/roles',
    name: 'admin-roles',
    component: () => import('@/views/admin/roles/index.vue'),
    meta: { title: 'admin.menu.roles', perms: ['system:role:read'], group: 'admin', rank: 103, menu: true, icon: 'Lock' },
  },
  {
    path: 'admin/tokens',
    name: 'admin-tokens',
    component: () => import('@/views/admin/tokens/index.vue'),
    meta: { title: 'admin.menu.tokens', perms: ['system:token:read'], group: 'admin', rank: 104, menu: true, icon: 'Key' },
  },
  {
    path: 'admin/webhooks',
    name: 'admin-webhooks',
    component: () => import('@/views/admin/webhooks/index.vue'),
    meta: { title: 'admin.menu.webhooks', perms: ['feed:webhook:read'], group: 'admin', rank: 105, menu: true, icon: 'Link' },
  },
  {
    path: 'admin/audit',
    name: 'admin-audit',
    component: () => import('@/views/admin/audit/index.vue'),
    meta: { title: 'admin.menu.audit', perms: ['system:audit:read'], group: 'admin', rank: 106, menu: true, icon: 'Tickets' },
  },
  {
    path: 'admin/imports',
    name: 'admin-imports',
    component: () => import('@/views/admin/imports/index.vue'),
    meta: { title: 'admin.menu.imports', perms: ['case:record:create'], group: 'admin', rank: 107, menu: true, icon: 'Upload' },
  },
  {
    path: 'admin/calendar',
    name: 'admin-calendar',
    component: () => import('@/views/admin/calendar/index.vue'),
    // Anyone signed in sees the years; loading one needs system:calendar:write (the button).
    meta: { title: 'admin.menu.calendar', perms: [], group: 'admin', rank: 108, menu: true, icon: 'Calendar' },
  },
  {
    path: 'admin/dict',
    name: 'admin-dict',
    component: () => import('@/views/admin/dict/index.vue'),
    meta: { title: 'admin.menu.dict', perms: [], group: 'admin', rank: 109, menu: true, icon: 'Collection' },
  },
]

export default routes
