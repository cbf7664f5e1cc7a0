// True while the window is phone-narrow (the layout collapses its menu below 768 px): the
// to-do lists then show cards instead of wide tables.
import { onBeforeUnmount, ref } from 'vue'

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
