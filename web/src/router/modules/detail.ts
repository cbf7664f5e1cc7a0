// A case's detail page (its actions, deadlines, chain) and the transfer inbox.
import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: 'workbench/cases/:id(\\d+)',
    name: 'case-detail',
    component: () => import('@/views/cases/detail/index.vue'),
    meta: { title: 'detail.route.caseDetail', perms: ['case:record:read'], group: 'workbench', menu: false, activeMenu: '/workbench/cases' },
  },
  {
    path: 'workbench/transfers',
    name: 'transfer-inbox',
    component: () => import('@/views/transfers/inbox/index.vue'),
    meta: { title: 'detail.route.transferInbox', perms: ['case:record:read'], group: 'workbench', rank: 4, menu: true, icon: 'Promotion' },
  },
]

export default routes
