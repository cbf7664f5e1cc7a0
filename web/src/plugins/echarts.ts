// The one place ECharts is assembled: echarts/core with only the charts and components the
// dashboard and the big screen use (tree-shaken; no full `import 'echarts'`). Charts import
// `echarts` and the option type from here, never from 'echarts' itself.
import * as echarts from 'echarts/core'
import { BarChart, LineChart, MapChart, SankeyChart } from 'echarts/charts'
import type { BarSeriesOption, LineSeriesOption, MapSeriesOption, SankeySeriesOption } from 'echarts/charts'
import {
  GridComponent, LegendComponent, TooltipComponent, VisualMapComponent,
} from 'echarts/components'
import type {
  GridComponentOption, LegendComponentOption, TooltipComponentOption, VisualMapComponentOption,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([BarChart, LineChart, MapChart, SankeyChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer])

export type ECOption = echarts.ComposeOption<
  | BarSeriesOption | LineSeriesOption | MapSeriesOption | SankeySeriesOption
  | GridComponentOption | LegendComponentOption | TooltipComponentOption | VisualMapComponentOption
>

export { echarts }
