// v-perms removes a button its user may not use, and keeps it for one who may.
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { defineComponent } from 'vue'
import { createPermsDirective } from './perms'

const Buttons = defineComponent({
  template: `<div>
    <button class="transfer" v-perms="'case:record:transfer'">移送</button>
    <button class="both" v-perms="['case:record:read', 'case:record:export']">导出</button>
    <button class="free">查看</button>
  </div>`,
})

function render(held: string[]) {
  const perms = createPermsDirective((needed) => needed.every((p) => held.includes(p)))
  return mount(Buttons, { global: { directives: { perms } } })
}

describe('v-perms', () => {
  it('hides buttons whose permission the user lacks', () => {
    const w = render(['case:record:read'])
    expect(w.find('.transfer').exists()).toBe(false)
    expect(w.find('.both').exists()).toBe(false)
    expect(w.find('.free').exists()).toBe(true)
  })
  it('needs every listed permission, and shows buttons the user may use', () => {
    const w = render(['case:record:read', 'case:record:export', 'case:record:transfer'])
    expect(w.find('.transfer').exists()).toBe(true)
    expect(w.find('.both').exists()).toBe(true)
  })
})
