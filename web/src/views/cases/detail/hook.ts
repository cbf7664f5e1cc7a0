// The case detail page's data: the case and everything around it, loaded together and reloaded
// after an action or a transfer; the labels the tabs and the action forms need.
import { computed, onBeforeUnmount, ref, shallowRef } from 'vue'
import { getCase, type Case, type CaseUser } from '@/api/cases'
import { listAllUsers } from '@/api/users'
import { listAgencies, type Agency } from '@/api/agencies'
import {
  getChain, getRelated, getWorkflow, listCaseActions, listDeadlines, listEvents, listServices,
  type CaseChain, type CaseEvent, type Deadline, type RelatedCase, type ServiceRecord, type WorkflowDefinition,
} from '@/api/workflow'
import type { ActionDef } from '@/utils/workflowForm'
import { ElMessage } from 'element-plus'
import { ApiError } from '@/utils/http'
import { useDictStore } from '@/stores/dict'
import { useUserStore } from '@/stores/user'
import { nearestDeadline, type EventLabels } from './format'

// A part of the page that failed or that the server does not offer (an older server without
// GET .../services or .../actions answers 404 or 405): shown as such, the rest still works.
function unavailable(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 404 || err.status === 405 || err.status === 501)
}

// Events are few per case; read them all, page by page, up to a bound.
async function allEvents(caseId: number): Promise<CaseEvent[]> {
  const out: CaseEvent[] = []
  let cursor: string | undefined
  for (let i = 0; i < 20; i++) {
    const page = await listEvents(caseId, cursor)
    out.push(...page.items)
    if (!page.next_cursor) break
    cursor = page.next_cursor
  }
  return out
}

export function useCaseDetail() {
  const dict = useDictStore()
  const user = useUserStore()
  const caseId = ref(0)
  const item = shallowRef<Case | null>(null)
  const loading = ref(false)
  const notFound = ref(false)
  const workflow = shallowRef<WorkflowDefinition | null>(null)
  const deadlines = shallowRef<Deadline[]>([])
  const events = shallowRef<CaseEvent[]>([])
  const services = shallowRef<ServiceRecord[] | null>(null)
  const servicesError = ref(false)
  const actions = shallowRef<ActionDef[] | null>(null)
  const chain = shallowRef<CaseChain>({ cases: [], links: [] })
  const related = shallowRef<RelatedCase[]>([])
  const users = shallowRef<CaseUser[]>([])
  const agencies = shallowRef<Agency[]>([])
  const sectionLoading = ref(false)
  let generation = 0

  async function loadServices(id: number) {
    try {
      services.value = (await listServices(id)).items
      servicesError.value = false
    } catch (err) {
      services.value = null
      servicesError.value = !unavailable(err)
    }
  }
  async function loadActions(id: number) {
    try {
      actions.value = (await listCaseActions(id)).items
    } catch {
      actions.value = null
    }
  }

  // Everything, for case `id` (a new case when the route's id changes).
  async function load(id: number) {
    const mine = ++generation
    caseId.value = id
    loading.value = true
    notFound.value = false
    item.value = null
    try {
      await dict.load().catch(() => undefined)
      let c: Case
      try {
        // Silent: a case out of scope (404) is this page's own result, not a message.
        c = await getCase(id, { silent: true })
      } catch (err) {
        if (mine !== generation) return
        if (err instanceof ApiError && err.status === 404) notFound.value = true
        else ElMessage({ type: 'error', message: err instanceof Error ? err.message : String(err), grouping: true })
        return
      }
      if (mine !== generation) return
      item.value = c
      sectionLoading.value = true
      const quiet = <T>(p: Promise<T>, fallback: T) => p.catch(() => fallback)
      const [wf, dl, ev, ch, rel, us, ag] = await Promise.all([
        quiet(getWorkflow(c.kind), null),
        quiet(listDeadlines(id).then((r) => r.items), [] as Deadline[]),
        quiet(allEvents(id), [] as CaseEvent[]),
        quiet(getChain(id), { cases: [], links: [] } as CaseChain),
        quiet(getRelated(id).then((r) => r.items), [] as RelatedCase[]),
        // The people of the case's agency (user fields) and the agencies (transfers, agency
        // fields), for those allowed to read them.
        user.can('system:user:read') ? quiet(listAllUsers({ agency_id: c.agency_id }), [] as CaseUser[]) : [],
        user.can('system:agency:read') ? quiet(listAgencies().then((r) => r.items), [] as Agency[]) : [],
        loadServices(id),
        loadActions(id),
      ])
      if (mine !== generation) return
      workflow.value = wf
      deadlines.value = dl
      events.value = ev
      chain.value = ch
      related.value = rel
      users.value = us
      agencies.value = ag
    } finally {
      if (mine === generation) {
        loading.value = false
        sectionLoading.value = false
      }
    }
  }

  // After an action: the case, its deadlines, events, services and the actions now open.
  async function reloadAfterAction() {
    const id = caseId.value
    const mine = generation
    const [c, dl, ev] = await Promise.all([
      getCase(id),
      listDeadlines(id).then((r) => r.items).catch(() => deadlines.value),
      allEvents(id).catch(() => events.value),
      loadServices(id),
      loadActions(id),
    ])
    if (mine !== generation) return
    item.value = c
    deadlines.value = dl
    events.value = ev
  }

  // After a transfer: the chain and the events too.
  async function reloadAfterTransfer() {
    const id = caseId.value
    await reloadAfterAction()
    chain.value = await getChain(id).catch(() => chain.value)
  }

  const nearest = computed(() => nearestDeadline(deadlines.value))
  const today = computed(() => user.today)
  const agencyName = (id: number) => agencies.value.find((a) => a.id === id)?.name
  const userName = (id: number) => users.value.find((u) => u.id === id)?.display_name
  const stageLabel = (code: string) => workflow.value?.states.find((s) => s.code === code)?.label ?? code
  const allActions = computed(() => new Map((workflow.value?.actions ?? []).map((a) => [a.code, a as ActionDef])))
  const suspensionKinds = computed<Record<string, string>>(() =>
    Object.fromEntries((workflow.value?.suspension_kinds ?? []).map((s) => [s.code, s.label])),
  )

  const labels = computed<EventLabels>(() => ({
    dict: (name, value) => dict.label(name, value),
    stage: stageLabel,
    action: (code) => allActions.value.get(code),
    user: userName,
    party: (id) => item.value?.parties.find((p) => p.party_id === id)?.name,
    agency: agencyName,
    deadline: (code) => deadlines.value.find((d) => d.code === code)?.label ?? workflow.value?.deadlines.find((d) => d.code === code)?.label,
    suspensionKind: (code) => suspensionKinds.value[code],
  }))

  return {
    caseId, item, loading, notFound, workflow, deadlines, events, services, servicesError, actions, chain, related, users,
    agencies, sectionLoading, nearest, today, labels, suspensionKinds, stageLabel, agencyName, userName,
    load, reloadAfterAction, reloadAfterTransfer,
  }
}

// True below the phone breakpoint, kept up to date.
export function useNarrow(limit = 768) {
  const narrow = ref(typeof window !== 'undefined' && window.innerWidth < limit)
  const onResize = () => {
    narrow.value = window.innerWidth < limit
  }
  if (typeof window !== 'undefined') window.addEventListener('resize', onResize)
  onBeforeUnmount(() => window.removeEventListener('resize', onResize))
  return narrow
}
