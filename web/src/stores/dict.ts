// The server's enums and their Chinese labels (GET /api/v1/dict), loaded once per page load.
import { defineStore } from 'pinia'
import { getDict, type Dict, type DictEntry } from '@/api/reference'

export const useDictStore = defineStore('dict', {
  state: () => ({ dict: {} as Dict, loaded: false }),
  actions: {
    async load(): Promise<void> {
      if (this.loaded) return
      this.dict = await getDict()
      this.loaded = true
    },
    // The label of a value; the code itself when the dictionary lacks it (never blank).
    label(name: string, value: string | null | undefined): string {
      if (value === null || value === undefined || value === '') return ''
      return this.dict[name]?.find((e) => e.value === value)?.label ?? value
    },
    options(name: string): DictEntry[] {
      return this.dict[name] ?? []
    },
  },
})
