// The to-do page's data: my open cases (with the actions I may take next and their stage), the
// alerts that are mine (or, for an approver, escalated to me), and the extension requests
// awaiting my decision. Each list feeds a CursorPager.
import { computed, ref, shallowRef, watch } from 'vue'
import { useRouter, type RouteLocationRaw } from 'vue-router'
import { listCases, type Case } from '@/api/cases'
import { listAllAlerts, type Alert } from '@/api/alerts'
import { getWorkflow, listCaseActions, type ActionDef } from '@/api/workflow'
import { listExtensions, type ExtensionRequest } from '@/api/extensions'
import { useCursorList } from '@/composables/useCursorList'
import { useUserStore } from '@/stores/user'
import { useDictStore } from '@/stores/dict'
import { ApiError } from '@/utils/http'
import { isApprover, kApprovePerm, myAlerts, openStatuses, slicePage } from './logic'

export type TodoTab = 'mine' | 'alerts' | 'extensions'
export type AlertFilter = '' | 'near' | 'overdue'

// Stage labels per case kind, from the workflow definitions, shared by every visit of the page.
const stageLabels = ref<Record<string, Record<string, string>>>({})
const stageRequests = new Map<string, Promise<void>>()
function loadStages(kind: string): Promise<void> {
  let p = stageRequests.get(kind)
  if (!p) {
    p = getWorkflow(kind)
      .then((wf) => {
        stageLabels.value = { ...stageLabels.value, [kind]: Object.fromEntries(wf.states.map((s) => [s.code, s.label])) }
      })
      .catch(() => {
        stageRequests.delete(kind)
      })
    stageRequests.set(kind, p)
  }
  return p
}

export function useTodo() {
  const user = useUserStore()
  const dict = useDictStore()
  const router = useRouter()
  const me = computed(() => ({ id: user.user?.id ?? 0, approver: isApprover(user.session?.role, user.permissions) }))
  const canApprove = computed(() => user.can(kApprovePerm))

  // --- my open cases ---
  const mine = useCursorList<Case>((cursor, limit) =>
    listCases({ handler_id: me.value.id, status: openStatuses(dict.options('case_status')).join(',') }, cursor, limit),
  )
  // The actions each visible case allows me now: undefined while loading, null when unknown.
  const actions = ref<Record<number, ActionDef[] | null | undefined>>({})
  let actionsUnsupported = false
  async function loadActions(rows: readonly Case[]) {
    const todo = rows.filter((r) => !(r.id in actions.value)).slice(0, 20)
    if (todo.length === 0) return
    if (actionsUnsupported) {
      actions.value = { ...actions.value, ...Object.fromEntries(todo.map((r) => [r.id, null])) }
      return
    }
    actions.value = { ...actions.value, ...Object.fromEntries(todo.map((r) => [r.id, undefined])) }
    const results = await Promise.all(
      todo.map((r) =>
        listCaseActions(r.id).then(
          (res) => [r.id, res.items] as const,
          (e: unknown) => [r.id, e instanceof ApiError ? e : null] as const,
        ),
      ),
    )
    // An endpoint the server does not have yet: stop asking until the next refresh.
    if (results.every(([, v]) => v instanceof ApiError && (v.status === 404 || v.status === 405))) actionsUnsupported = true
    const next = { ...actions.value }
    for (const [id, v] of results) next[id] = Array.isArray(v) ? v : null
    actions.value = next
  }
  watch(mine.items, (rows) => {
    void loadActions(rows)
    for (const kind of new Set(rows.map((r) => r.kind))) void loadStages(kind)
  })
  function stageLabel(kind: string, stage: string | null | undefined): string {
    if (!stage) return ''
    return stageLabels.value[kind]?.[stage] ?? stage
  }

  // --- alerts: all of the scope loaded once, mine filtered and paged here ---
  const alertsAll = shallowRef<Alert[]>([])
  const alertsComplete = ref(true)
  const alertsLoaded = ref(false)
  const alertFilter = ref<AlertFilter>('')
  const alertsMineAll = computed(() => myAlerts(alertsAll.value, me.value))
  const alertsShown = computed(() => (alertFilter.value ? alertsMineAll.value.filter((a) => a.level === alertFilter.value) : alertsMineAll.value))
  const alertCounts = computed(() => ({
    all: alertsMineAll.value.length,
    near: alertsMineAll.value.filter((a) => a.level === 'near').length,
    overdue: alertsMineAll.value.filter((a) => a.level === 'overdue').length,
  }))
  const alerts = useCursorList<Alert>((cursor, limit) => Promise.resolve(slicePage(alertsShown.value, cursor, limit)))
  const alertsFetching = ref(false)
  async function loadAlerts() {
    alertsFetching.value = true
    try {
      const res = await listAllAlerts({})
      alertsAll.value = res.items
      alertsComplete.value = res.complete
      alertsLoaded.value = true
    } finally {
      alertsFetching.value = false
    }
    await alerts.reload()
  }
  watch(alertFilter, () => void alerts.reload())

  // --- extension requests awaiting a decision ---
  const extensionsError = ref('')
  const extensions = useCursorList<ExtensionRequest>(async (cursor, limit) => {
    extensionsError.value = ''
    try {
      // Silent: the tab shows the error itself.
      return await listExtensions({ status: 'pending' }, cursor, limit, { silent: true })
    } catch (e) {
      extensionsError.value = e instanceof Error ? e.message : String(e)
      return { items: [], next_cursor: null, total: 0 }
    }
  })

  // Counts for the tab labels; undefined until loaded.
  const extensionCount = computed(() =>
    extensionsError.value ? undefined : extensions.total.value ?? (extensions.page.value === 0 ? extensions.items.value.length : undefined),
  )

  const loading = computed(() => mine.loading.value || alertsFetching.value || alerts.loading.value || extensions.loading.value)

  async function refresh() {
    actions.value = {}
    actionsUnsupported = false
    const jobs: Promise<unknown>[] = [mine.reload(), loadAlerts()]
    if (canApprove.value) jobs.push(extensions.reload())
    await Promise.allSettled(jobs)
  }

  // The case's detail page, when the app has it.
  function caseRoute(id: number): RouteLocationRaw | null {
    return router.hasRoute('case-detail') ? { name: 'case-detail', params: { id: String(id) } } : null
  }
  function openCase(id: number) {
    const to = caseRoute(id)
    if (to) void router.push(to)
  }

  return {
    me,
    canApprove,
    mine,
    actions,
    stageLabel,
    alerts,
    alertFilter,
    alertCounts,
    alertsComplete,
    alertsLoaded,
    extensions,
    extensionsError,
    extensionCount,
    loading,
    refresh,
    caseRoute,
    openCase,
  }
}
