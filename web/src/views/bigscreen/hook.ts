// The big screen's data: the cards, the charts and the alerts of the viewer's whole scope,
// refreshed from the server-sent events (debounced; refetched once after a reconnection) and,
// as a safety net, every five minutes. Errors never pop up on a lobby display: the last good
// data stays on screen and the live dot shows the connection.
import { computed, onBeforeUnmount, onMounted, shallowRef } from 'vue'
import { getCharts, getSummary, kDashboardEventsUrl, type DashboardCharts, type DashboardSummary } from '@/api/dashboard'
import { listAlerts, type Alert } from '@/api/alerts'
import { useLiveUpdates } from '@/composables/useLiveUpdates'
import { useDictStore } from '@/stores/dict'
import { t } from '@/locales'
import { buildCards } from '../dashboard/hook'

const kSafetyRefreshMs = 5 * 60_000

export function alertDaysText(a: Pick<Alert, 'days_left'>): string {
  if (a.days_left < 0) return t('dashboard.big.overdueDays', { n: -a.days_left })
  if (a.days_left === 0) return t('dashboard.big.dueToday')
  return t('dashboard.big.daysLeft', { n: a.days_left })
}

export function useBigScreen() {
  const dict = useDictStore()
  const summary = shallowRef<DashboardSummary | null>(null)
  const charts = shallowRef<DashboardCharts | null>(null)
  const alerts = shallowRef<Alert[]>([])
  const loaded = shallowRef(false)
  let inFlight: Promise<void> | null = null
  let again = false

  async function fetchAll() {
    const [s, c, a] = await Promise.allSettled([
      getSummary({}, { silent: true }),
      getCharts({}, { silent: true }),
      listAlerts({}, undefined, 40),
    ])
    if (s.status === 'fulfilled') summary.value = s.value
    if (c.status === 'fulfilled') charts.value = c.value
    if (a.status === 'fulfilled') alerts.value = a.value.items
    loaded.value = true
  }
  // One refresh at a time; a change during a refresh asks for one more after it.
  async function refresh(): Promise<void> {
    if (inFlight) {
      again = true
      return inFlight
    }
    inFlight = (async () => {
      do {
        again = false
        await fetchAll()
      } while (again)
    })().finally(() => {
      inFlight = null
    })
    return inFlight
  }

  const live = useLiveUpdates({ url: kDashboardEventsUrl, onChange: refresh })

  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    void refresh()
    void dict.load().catch(() => undefined)
    timer = setInterval(() => void refresh(), kSafetyRefreshMs)
  })
  onBeforeUnmount(() => clearInterval(timer))

  const cards = computed(() => buildCards(summary.value))
  const kindLabel = (kind: string) => dict.label('case_kind', kind)
  const nodeLabel = (kind: string, agencyType: string) => t('dashboard.flowNode', { kind: kindLabel(kind), agency: dict.label('agency_type', agencyType) })

  return { summary, charts, alerts, loaded, cards, refresh, live, nodeLabel }
}
