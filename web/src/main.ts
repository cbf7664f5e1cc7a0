// Composes the app: Pinia, the router, the one HTTP client's hooks, v-perms, the dictionary.
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import 'element-plus/theme-chalk/el-reset.css'
import App from './App.vue'
import { router } from './router'
import { setHttpHooks } from './utils/http'
import { useUserStore } from './stores/user'
import { createPermsDirective } from './directives/perms'
import { t } from './locales'
import './styles/index.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(router)

const user = useUserStore(pinia)
let redirecting = false
setHttpHooks({
  csrfToken: () => user.session?.csrf_token,
  notify: (message) => {
    ElMessage({ type: 'error', message, grouping: true })
  },
  // The session expired or was ended elsewhere: back to login, once, remembering the page.
  onUnauthenticated: () => {
    const wasLoggedIn = user.loggedIn
    user.clear()
    const current = router.currentRoute.value
    if (redirecting || current.meta.public) return
    redirecting = true
    if (wasLoggedIn) ElMessage({ type: 'warning', message: t('auth.sessionExpired'), grouping: true })
    void router.replace({ path: '/login', query: { redirect: current.fullPath } }).finally(() => {
      redirecting = false
    })
  },
})
app.directive('perms', createPermsDirective((perms) => user.can(perms)))
app.mount('#app')
