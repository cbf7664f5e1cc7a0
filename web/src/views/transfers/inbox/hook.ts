// The transfer inbox: hand-overs to the user's agencies (收到的) or from them (发出的), by status,
// page by page; the cases they name by their numbers; accepting and returning pending ones.
import { reactive, ref, shallowRef, watch } from 'vue'
import { useCursorList } from '@/composables/useCursorList'
import { listAgencies, type Agency } from '@/api/agencies'
import { getCase } from '@/api/cases'
import { acceptTransfer, listTransfers, returnTransfer, type Transfer, type TransferStatus } from '@/api/transfers'
import { useUserStore } from '@/stores/user'
import { t } from '@/locales'

export type Direction = 'in' | 'out'

export function useTransferInbox() {
  const user = useUserStore()
  const direction = ref<Direction>('in')
  const status = ref<TransferStatus | ''>('')
  const list = useCursorList<Transfer>(
    (cursor, limit) => listTransfers({ direction: direction.value, status: status.value || undefined }, cursor, limit),
    20,
  )
  const agencies = shallowRef<Agency[]>([])
  // Case id → its number (or 未立案); null when the case cannot be read (the id is shown).
  const caseLabels = reactive(new Map<number, string | null>())

  async function loadAgencies() {
    if (!user.can('system:agency:read')) return
    agencies.value = (await listAgencies().catch(() => ({ items: [] as Agency[] }))).items
  }
  const agencyName = (id: number) => agencies.value.find((a) => a.id === id)?.name ?? `#${id}`

  function resolveCases(rows: Transfer[]) {
    const ids = new Set(rows.flatMap((r) => [r.from_case_id, r.receiving_case_id]))
    for (const id of ids) {
      if (caseLabels.has(id)) continue
      caseLabels.set(id, null)
      // Quietly: a row keeps the bare id of a case this user may not see.
      getCase(id, { silent: true })
        .then((c) => caseLabels.set(id, c.case_number ?? t('detail.header.noNumber')))
        .catch(() => caseLabels.set(id, null))
    }
  }
  watch(list.items, resolveCases)
  const caseLabel = (id: number) => caseLabels.get(id) ?? `#${id}`

  function reload() {
    return list.reload()
  }
  watch([direction, status], () => void reload())

  const busy = ref<number | null>(null)
  async function accept(row: Transfer) {
    busy.value = row.id
    try {
      await acceptTransfer(row.id)
      caseLabels.delete(row.receiving_case_id)
      await reload()
      return true
    } catch {
      return false
    } finally {
      busy.value = null
    }
  }
  async function giveBack(row: Transfer, reason: string) {
    await returnTransfer(row.id, reason)
    caseLabels.delete(row.receiving_case_id)
    await reload()
  }

  return { direction, status, list, agencies, loadAgencies, agencyName, caseLabel, reload, accept, giveBack, busy }
}
