// v-perms: shows an element only to users who hold every listed permission
// (v-perms="'case:record:transfer'" or v-perms="['a', 'b']"). The server still refuses the call;
// this only keeps people from buttons they cannot use.
import type { Directive } from 'vue'

export function createPermsDirective(can: (perms: string[]) => boolean): Directive<HTMLElement, string | string[]> {
  const apply = (el: HTMLElement, value: string | string[]) => {
    const perms = Array.isArray(value) ? value : [value]
    if (!can(perms)) el.parentNode?.removeChild(el)
  }
  return {
    mounted(el, binding) {
      apply(el, binding.value)
    },
  }
}
