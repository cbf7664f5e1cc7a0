// The dashboard's state: the filters (kept in the URL), the cards, the charts and the indicators,
// loaded together; every figure opens the case list through its cases_query.
import { computed, onBeforeUnmount, reactive, ref, shallowRef } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { getCharts, getIndicators, getSummary, type DashboardCharts, type DashboardQuery, type DashboardSummary, type Figure, type Indicator, type IndicatorsAnswer } from '@/api/dashboard'
import { ApiError } from '@/utils/http'
import { useDictStore } from '@/stores/dict'
import { t } from '@/locales'
import { apiQuery, casesRoute, filtersFromQuery, filtersToQuery, formatValue, unitText, type Unit } from './logic'

export type CardCode = 'received' | 'closed' | 'pending' | 'closure_ratio' | 'in_limit_rate' | 'mean_trial_days' | 'near' | 'overdue'
export const kCardCodes: CardCode[] = ['received', 'closed', 'pending', 'closure_ratio', 'in_limit_rate', 'mean_trial_days', 'near', 'overdue']

export interface CardSub {
  text: string
  cases_query?: string
}
export interface Card {
  code: CardCode
  label: string
  value: string
  unit: string
  // What clicking the figure opens.
  cases_query?: string
  subs: CardSub[]
  tone: '' | 'warning' | 'danger'
}

// The eight cards from the summary: plain counts open their cases; a ratio opens its numerator
// (the mean trial days its denominator: the cases averaged) and shows both parts as links.
export function buildCards(s: DashboardSummary | null): Card[] {
  const n = (f: Figure | undefined) => (f ? formatValue(f.value) : t('dashboard.none'))
  return kCardCodes.map((code) => {
    const label = t(`dashboard.card.${code}`)
    if (!s) return { code, label, value: t('dashboard.none'), unit: '', subs: [], tone: '' }
    switch (code) {
      case 'received':
      case 'closed':
        return { code, label, value: n(s[code]), unit: unitText('count'), cases_query: s[code].cases_query, subs: [{ text: t('dashboard.sub.inPeriod') }], tone: '' }
      case 'pending':
        return { code, label, value: n(s.pending), unit: unitText('count'), cases_query: s.pending.cases_query, subs: [{ text: t('dashboard.sub.pendingOn', { date: s.as_of }) }], tone: '' }
      case 'near':
      case 'overdue':
        return {
          code, label, value: n(s[code]), unit: unitText('count'), cases_query: s[code].cases_query,
          subs: [{ text: t('dashboard.sub.deadlines') }], tone: s[code].value > 0 ? (code === 'near' ? 'warning' : 'danger') : '',
        }
      case 'closure_ratio':
      case 'in_limit_rate': {
        const r = s[code]
        const numText = code === 'closure_ratio' ? 'dashboard.sub.closed' : 'dashboard.sub.inLimit'
        const denText = code === 'closure_ratio' ? 'dashboard.sub.received' : 'dashboard.sub.closed'
        return {
          code, label, value: formatValue(r.value, r.unit), unit: unitText(r.unit as Unit), cases_query: r.numerator.cases_query,
          subs: [
            { text: t(numText, { n: n(r.numerator) }), cases_query: r.numerator.cases_query },
            { text: t(denText, { n: n(r.denominator) }), cases_query: r.denominator.cases_query },
          ],
          tone: '',
        }
      }
      case 'mean_trial_days': {
        const r = s.mean_trial_days
        return {
          code, label, value: formatValue(r.value, r.unit), unit: unitText(r.unit as Unit), cases_query: r.denominator.cases_query,
          subs: [{ text: t('dashboard.sub.averaged', { n: n(r.denominator) }), cases_query: r.denominator.cases_query }],
          tone: '',
        }
      }
    }
  })
}

export function errorText(e: unknown): string {
  return e instanceof ApiError || e instanceof Error ? e.message : String(e)
}

export function useDashboard() {
  const route = useRoute()
  const router = useRouter()
  const dict = useDictStore()

  const filters = reactive<DashboardQuery>(filtersFromQuery(route.query))
  const summary = shallowRef<DashboardSummary | null>(null)
  const charts = shallowRef<DashboardCharts | null>(null)
  const indicators = shallowRef<Indicator[] | null>(null)
  const loading = shallowRef(false)
  const summaryError = shallowRef('')
  const chartsError = shallowRef('')
  const indicatorsError = shallowRef('')
  // The server has no indicators endpoint yet (404/405): the panel is not shown at all.
  const indicatorsMissing = shallowRef(false)
  let generation = 0

  const fetchIndicators = (q: DashboardQuery) =>
    getIndicators({ from: q.from, to: q.to, agency_id: q.agency_id, include_sub: q.include_sub }, { silent: true })
  function takeIndicators(i: PromiseSettledResult<IndicatorsAnswer>) {
    indicators.value = i.status === 'fulfilled' ? i.value.items : null
    indicatorsError.value = i.status === 'rejected' ? errorText(i.reason) : ''
    indicatorsMissing.value = i.status === 'rejected' && i.reason instanceof ApiError && [404, 405].includes(i.reason.status)
  }
  // The indicators alone, again (after a range changed): same filters, the rest stays.
  async function loadIndicators() {
    const gen = generation
    const [i] = await Promise.allSettled([fetchIndicators(apiQuery(filters))])
    if (gen === generation) takeIndicators(i)
  }

  async function load() {
    const gen = ++generation
    const q = apiQuery(filters)
    loading.value = true
    const [s, c, i] = await Promise.allSettled([
      getSummary(q),
      // The charts and indicators show their own error in place (no second message).
      getCharts(q, { silent: true }),
      fetchIndicators(q),
    ])
    if (gen !== generation) return
    loading.value = false
    summary.value = s.status === 'fulfilled' ? s.value : null
    summaryError.value = s.status === 'rejected' ? errorText(s.reason) : ''
    charts.value = c.status === 'fulfilled' ? c.value : null
    chartsError.value = c.status === 'rejected' ? errorText(c.reason) : ''
    takeIndicators(i)
    // The period the server chose when none was asked (the year to date).
    if (summary.value) {
      filters.from ||= summary.value.from
      filters.to ||= summary.value.to
    }
  }

  async function apply() {
    await router.replace({ query: filtersToQuery(filters) })
    await load()
  }
  async function reset() {
    filters.from = filters.to = filters.kind = undefined
    filters.agency_id = undefined
    filters.include_sub = undefined
    await router.replace({ query: {} })
    await load()
  }

  function open(casesQuery: string | undefined | null) {
    const loc = casesRoute(casesQuery)
    if (loc) void router.push(loc)
  }

  const cards = computed(() => buildCards(summary.value))
  const kindLabel = (kind: string) => dict.label('case_kind', kind)
  const nodeLabel = (kind: string, agencyType: string) => t('dashboard.flowNode', { kind: kindLabel(kind), agency: dict.label('agency_type', agencyType) })
  const nodeLabelShort = (kind: string, agencyType: string) => t('dashboard.flowNodeShort', { kind: kindLabel(kind), agency: dict.label('agency_type', agencyType) })

  return { filters, summary, charts, indicators, loading, summaryError, chartsError, indicatorsError, indicatorsMissing, cards, load, loadIndicators, apply, reset, open, kindLabel, nodeLabel, nodeLabelShort, dict }
}

// True while the window is phone-narrow (the layout collapses its menu below 768 px).
export function useNarrow(query = '(max-width: 768px)') {
  const mql = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(query) : null
  const narrow = ref(mql?.matches ?? false)
  const onChange = (e: MediaQueryListEvent) => {
    narrow.value = e.matches
  }
  mql?.addEventListener('change', onChange)
  onBeforeUnmount(() => mql?.removeEventListener('change', onChange))
  return narrow
}
