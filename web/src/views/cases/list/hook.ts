// The case list page: the filter form mirrors the URL (router query = API filters), the table
// is a cursor-paged list of GET /cases with the same filters, and the export links to the same.
import { computed, onBeforeUnmount, onMounted, reactive, ref, shallowReactive, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { caseExportUrl, getCaseWorkflow, listCases, type Case, type CaseFilters, type CaseWorkflow } from '@/api/cases'
import { useCursorList } from '@/composables/useCursorList'
import { useDictStore } from '@/stores/dict'
import type { DictEntry } from '@/api/reference'
import { t } from '@/locales'
import {
  emptyForm, filtersFromForm, filtersFromQuery, formFromFilters, hasAdvanced, kExtraParams, queryFromFilters,
  sameQuery, sortFromTable, tableFromSort, type ExtraParam, type FilterForm, type TableOrder,
} from './query'

// The workflows name each kind's stages; loaded once per kind per page load.
const workflows = new Map<string, Promise<CaseWorkflow | null>>()
function workflow(kind: string): Promise<CaseWorkflow | null> {
  let p = workflows.get(kind)
  if (!p) {
    p = getCaseWorkflow(kind).catch(() => null)
    workflows.set(kind, p)
  }
  return p
}

// The label of a drill-down filter the form does not show ('收案日期自 2026-01-01').
export function extraLabel(name: ExtraParam, value: unknown): string {
  if (typeof value === 'boolean') return t(`cases.list.extra.${name}_${value}`)
  return t(`cases.list.extra.${name}`, { value: String(value) })
}

// A select's options, plus the comma list a link may carry ('civil_first,civil_second') as one
// option of its own, so that the select shows it by its labels.
export function withCombined(options: DictEntry[], value: string, label: (v: string) => string): DictEntry[] {
  if (!value.includes(',')) return options
  return [{ value, label: value.split(',').map(label).join('、') }, ...options]
}

export function useCaseList() {
  const route = useRoute()
  const router = useRouter()
  const dict = useDictStore()

  const form = reactive<FilterForm>(emptyForm())
  const applied = ref<CaseFilters>({})
  const expanded = ref(false)
  const error = ref('')
  const list = useCursorList<Case>((cursor, limit) => listCases(applied.value, cursor, limit), 20)
  // kind → stage code → label
  const stages = shallowReactive<Record<string, Record<string, string>>>({})

  const narrow = ref(window.innerWidth < 768)
  const onResize = () => (narrow.value = window.innerWidth < 768)
  onMounted(() => window.addEventListener('resize', onResize))
  onBeforeUnmount(() => window.removeEventListener('resize', onResize))

  async function loadStages(items: Case[]) {
    for (const kind of new Set(items.map((c) => c.kind))) {
      if (stages[kind]) continue
      const wf = await workflow(kind)
      stages[kind] = Object.fromEntries((wf?.states ?? []).map((s) => [s.code, s.label]))
    }
  }
  async function load() {
    error.value = ''
    try {
      await list.reload()
      void loadStages(list.items.value)
    } catch (e) {
      error.value = (e as Error).message
    }
  }
  watch(list.items, (items) => void loadStages(items))

  // The URL is the truth: the form and the table follow it.
  function applyRoute() {
    const f = filtersFromQuery(route.query)
    applied.value = f
    Object.assign(form, formFromFilters(f))
    if (hasAdvanced(form)) expanded.value = true
    return load()
  }
  watch(
    () => route.query,
    () => {
      if (route.name === 'case-list') void applyRoute()
    },
  )
  onMounted(async () => {
    await dict.load().catch(() => {})
    await applyRoute()
  })

  function go(filters: CaseFilters) {
    const query = queryFromFilters(filters)
    // The same search again (the 查询 button on unchanged filters) reloads.
    if (sameQuery(query, route.query)) return load()
    return router.push({ query })
  }
  const search = () => go(filtersFromForm(form, applied.value))
  const reset = () => go(applied.value.sort ? { sort: applied.value.sort } : {})
  function removeExtra(name: ExtraParam) {
    const next = { ...applied.value }
    delete next[name]
    return go(next)
  }
  function onSortChange({ prop, order }: { prop: string | null; order: TableOrder }) {
    const next = { ...applied.value }
    const sort = sortFromTable(prop, order)
    if (sort) next.sort = sort
    else delete next.sort
    return go(next)
  }

  const extras = computed(() =>
    kExtraParams.filter((k) => applied.value[k] !== undefined).map((k) => ({ name: k, label: extraLabel(k, applied.value[k]) })),
  )
  const defaultSort = computed(() => tableFromSort(applied.value.sort))
  const exportUrl = computed(() => caseExportUrl(applied.value, 'xlsx'))
  const kindOptions = computed(() => withCombined(dict.options('case_kind'), form.kind, (v) => dict.label('case_kind', v)))
  const statusOptions = computed(() => withCombined(dict.options('case_status'), form.status, (v) => dict.label('case_status', v)))
  const stageLabel = (c: Case) => stages[c.kind]?.[c.stage] ?? c.stage

  return {
    form, applied, expanded, error, list, narrow, extras, defaultSort, exportUrl, kindOptions, statusOptions,
    dict, search, reset, removeExtra, onSortChange, stageLabel, load,
  }
}
