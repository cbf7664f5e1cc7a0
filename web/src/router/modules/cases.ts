// The case register: the list (filters in the URL) and the new-case form. The case's own page
// (workbench/cases/:id, name 'case-detail') is declared by its own module.
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: 'workbench/cases',
    name: 'case-list',
    component: () => import('@/views/cases/list/index.vue'),
    meta: { title: 'cases.menu.list', perms: ['case:record:read'], group: 'workbench', rank: 2, menu: true, icon: 'Tickets' },
  },
  {
    path: 'workbench/cases/new',
    name: 'case-new',
    component: () => import('@/views/cases/new/index.vue'),
    meta: { title: 'cases.menu.new', perms: ['case:record:create'], group: 'workbench', rank: 3, menu: true, icon: 'DocumentAdd' },
  },
]
export default routes
