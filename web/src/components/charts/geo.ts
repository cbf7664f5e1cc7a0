// The Jinzhong county map, registered with ECharts on first use. The GeoJSON is generated at
// build time by scripts/extract-geo.mjs (src/assets/geo/jinzhong.json, gitignored) and loaded
// as its own lazy chunk; when it has not been generated the map is reported unavailable.
import { echarts } from '@/plugins/echarts'

export const kJinzhongMap = 'jinzhong'

const loaders = import.meta.glob<unknown>('../../assets/geo/jinzhong.json', { import: 'default' })

let loading: Promise<boolean> | null = null
export function ensureJinzhongMap(): Promise<boolean> {
  loading ??= (async () => {
    const load = Object.values(loaders)[0]
    if (!load) return false
    try {
      const geo = await load()
      echarts.registerMap(kJinzhongMap, geo as Parameters<typeof echarts.registerMap>[1])
      return true
    } catch {
      loading = null
      return false
    }
  })()
  return loading
}
