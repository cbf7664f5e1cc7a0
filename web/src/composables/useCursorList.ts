// A table's rows from a cursor-paginated list endpoint ({items, next_cursor, total?}): page by
// page, remembering the cursor of each page visited so that "previous" works, and starting over
// whenever the filters change (reload()).
import { computed, ref, shallowRef } from 'vue'

export interface CursorPage<T> {
  items: T[]
  next_cursor: string | null
  total?: number
}

export function useCursorList<T>(fetch: (cursor: string | undefined, limit: number) => Promise<CursorPage<T>>, pageSize = 20) {
  const items = shallowRef<T[]>([])
  const total = ref<number | undefined>(undefined)
  const loading = ref(false)
  const limit = ref(pageSize)
  // cursors[i] is the cursor that loads page i (undefined for the first).
  const cursors = ref<(string | undefined)[]>([undefined])
  const page = ref(0)
  const nextCursor = ref<string | null>(null)
  let generation = 0

  async function load(index: number) {
    const mine = ++generation
    loading.value = true
    try {
      const res = await fetch(cursors.value[index], limit.value)
      if (mine !== generation) return
      items.value = res.items
      total.value = res.total
      nextCursor.value = res.next_cursor
      page.value = index
      if (res.next_cursor) cursors.value[index + 1] = res.next_cursor
    } finally {
      if (mine === generation) loading.value = false
    }
  }
  function reload() {
    cursors.value = [undefined]
    return load(0)
  }
  return {
    items,
    total,
    loading,
    limit,
    page,
    hasNext: computed(() => nextCursor.value !== null),
    hasPrev: computed(() => page.value > 0),
    reload,
    // The page shown, read again (after a change to one of its rows).
    refresh: () => load(page.value),
    next: () => (nextCursor.value ? load(page.value + 1) : Promise.resolve()),
    prev: () => (page.value > 0 ? load(page.value - 1) : Promise.resolve()),
    setLimit: (n: number) => {
      limit.value = n
      return reload()
    },
  }
}
