// True below 768 px (phones): tables then do not pin their operations column, which would cover
// the whole table.
import { onBeforeUnmount, onMounted, ref } from 'vue'

export function useNarrow(width = 768) {
  const narrow = ref(typeof window !== 'undefined' && window.innerWidth < width)
  const update = () => {
    narrow.value = window.innerWidth < width
  }
  onMounted(() => window.addEventListener('resize', update))
  onBeforeUnmount(() => window.removeEventListener('resize', update))
  return narrow
}
