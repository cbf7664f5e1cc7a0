// 运行态势 (the dashboard, in the workbench menu) and 数据大屏 (the lobby big screen: full screen,
// dark, WITHOUT the main layout — meta.layout === false mounts it at the top level).
import type { RouteRecordRaw } from 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    // false: the page is mounted at the top level, outside the main layout (no menu, no header).
    layout?: boolean
  }
}

const routes: RouteRecordRaw[] = [
  {
    path: 'dashboard',
    name: 'dashboard',
    component: () => import('@/views/dashboard/index.vue'),
    meta: { title: 'dashboard.menu.dashboard', perms: ['dashboard:stat:read'], group: 'workbench', rank: 0, menu: true, icon: 'DataLine' },
  },
  {
    path: 'bigscreen',
    name: 'bigscreen',
    component: () => import('@/views/bigscreen/index.vue'),
    meta: { title: 'dashboard.menu.bigscreen', perms: ['dashboard:stat:read'], menu: false, layout: false },
  },
]

export default routes
