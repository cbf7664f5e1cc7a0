import 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    // Dictionary key of the page title (and menu label).
    title?: string
    // Every permission the page needs; the menu hides it and the guard refuses it without them.
    perms?: string[]
    // Element Plus icon component name for the menu.
    icon?: string
    // The menu group (layout/index.vue: 'workbench' | 'admin'), the order in it (lower first),
    // and whether the page is in the menu at all.
    group?: string
    rank?: number
    menu?: boolean
    // The menu entry to highlight on a page that is not in the menu (a case's detail page).
    activeMenu?: string
    // Reachable without a session (the login page).
    public?: boolean
  }
}
export {}
