// The agency list, loaded once per page load and shared by the administration pages (selects,
// names); reload() after an agency was created.
import { computed, shallowRef } from 'vue'
import { listAgencies, type Agency } from '@/api/agencies'
import { buildAgencyTree } from './agency-tree'

const agencies = shallowRef<Agency[]>([])
let pending: Promise<void> | null = null

async function fetchAll(): Promise<void> {
  agencies.value = (await listAgencies()).items
}

export function useAgencies() {
  function load(): Promise<void> {
    if (!pending) pending = fetchAll().catch((e) => {
      pending = null
      throw e
    })
    return pending
  }
  function reload(): Promise<void> {
    pending = fetchAll().catch((e) => {
      pending = null
      throw e
    })
    return pending
  }
  const tree = computed(() => buildAgencyTree(agencies.value))
  const byId = computed(() => new Map(agencies.value.map((a) => [a.id, a])))
  const name = (id: number | null | undefined) => (id === null || id === undefined ? '' : byId.value.get(id)?.name ?? `#${id}`)
  return { agencies, tree, byId, name, load, reload }
}
