// ECharts options for the dashboard's charts, shared by the dashboard page and the big screen
// (light and dark). Each data item carries its cases_query so a click opens the cases behind it.
import type { ECOption } from '@/plugins/echarts'
import type { AgeBucket, FlowRow, MapRow, MonthRow, StageDaysRow, StageRow } from '@/api/dashboard'
import { kCityLevelAreaCode } from '@/api/dashboard'
import { t } from '@/locales'
import { buildSankey } from './sankey'
import { kJinzhongMap } from './geo'

export interface ChartTheme {
  dark: boolean
  text: string
  subtle: string
  split: string
  palette: string[]
  mapRange: string[]
  mapEmpty: string
  mapBorder: string
  // Axis, legend and label font size.
  font: number
}
export const lightTheme: ChartTheme = {
  dark: false,
  text: '#303133',
  subtle: '#909399',
  split: '#ebeef5',
  palette: ['#409eff', '#67c23a', '#e6a23c', '#f56c6c', '#909399', '#7e57c2', '#26a69a', '#ec407a', '#8d6e63', '#5c6bc0'],
  mapRange: ['#e8f3ff', '#79bbff', '#1d5fbf'],
  mapEmpty: '#f4f4f5',
  mapBorder: '#ffffff',
  font: 12,
}
export const darkTheme: ChartTheme = {
  dark: true,
  text: '#d5e6ff',
  subtle: '#7f9bc4',
  split: 'rgba(127,155,196,0.18)',
  palette: ['#36cfff', '#5de3a0', '#ffc53d', '#ff7a6b', '#b37feb', '#4e9bff', '#2fd4c8', '#ff9fd0', '#c8a27c', '#8fa3ff'],
  mapRange: ['#0d3b66', '#1f78c1', '#36cfff'],
  mapEmpty: '#0c2344',
  mapBorder: '#4fa3ff',
  font: 15,
}

const axisCommon = (th: ChartTheme) => ({
  axisLabel: { color: th.subtle, fontSize: th.font },
  axisLine: { lineStyle: { color: th.split } },
  splitLine: { lineStyle: { color: th.split } },
})

const base = (th: ChartTheme): ECOption => ({
  color: th.palette,
  backgroundColor: 'transparent',
  textStyle: { color: th.text },
  tooltip: { trigger: 'item', confine: true },
})

const item = (f: { value: number; cases_query?: string }, extra: Record<string, unknown> = {}) => ({ value: f.value, cases_query: f.cases_query, ...extra })

// Intake vs closure by month.
export function trendOption(monthly: MonthRow[], th: ChartTheme = lightTheme): ECOption {
  return {
    ...base(th),
    tooltip: { trigger: 'axis', confine: true },
    legend: { top: 0, textStyle: { color: th.text, fontSize: th.font } },
    grid: { left: 8, right: 16, top: 36, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'category', data: monthly.map((m) => m.month), ...axisCommon(th), splitLine: { show: false } },
    yAxis: { type: 'value', minInterval: 1, ...axisCommon(th) },
    series: [
      { type: 'bar', name: t('dashboard.chart.received'), barMaxWidth: 18, data: monthly.map((m) => item(m.received)) as never },
      { type: 'line', name: t('dashboard.chart.closed'), smooth: true, symbolSize: 7, data: monthly.map((m) => item(m.closed)) as never },
    ],
  }
}

// Pending cases by age bucket.
export function ageOption(buckets: AgeBucket[], th: ChartTheme = lightTheme): ECOption {
  const colors = th.dark ? ['#5de3a0', '#36cfff', '#ffc53d', '#ff9c6e', '#ff4d4f'] : ['#67c23a', '#409eff', '#e6a23c', '#f89898', '#f56c6c']
  return {
    ...base(th),
    grid: { left: 8, right: 16, top: 24, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'category', data: buckets.map((b) => b.label), ...axisCommon(th), splitLine: { show: false }, axisLabel: { color: th.subtle, fontSize: th.font, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1, ...axisCommon(th) },
    series: [{
      type: 'bar',
      name: t('dashboard.chart.pending'),
      barMaxWidth: 36,
      label: { show: true, position: 'top', color: th.text, fontSize: th.font },
      data: buckets.map((b, i) => item(b, { itemStyle: { color: colors[Math.min(i, colors.length - 1)] } })) as never,
    }],
  }
}

// Cases by stage per agency: one bar per agency, stacked by stage (a kind's stage).
export function stagesOption(rows: StageRow[], kindLabel: (kind: string) => string, th: ChartTheme = lightTheme, compact = false): ECOption {
  const agencies: { id: number; name: string }[] = []
  for (const r of rows) if (!agencies.some((a) => a.id === r.agency_id)) agencies.push({ id: r.agency_id, name: r.agency_name })
  const stageKeys: { key: string; kind: string; label: string }[] = []
  for (const r of rows) {
    const key = `${r.kind}:${r.stage}`
    if (!stageKeys.some((s) => s.key === key)) stageKeys.push({ key, kind: r.kind, label: r.stage_label })
  }
  // A stage label used by more than one kind gets the kind's name.
  const clash = (label: string) => stageKeys.filter((s) => s.label === label).length > 1
  const series = stageKeys.map((s) => ({
    type: 'bar' as const,
    name: clash(s.label) ? t('dashboard.chart.kindStage', { kind: kindLabel(s.kind), stage: s.label }) : s.label,
    stack: 'stage',
    barMaxWidth: 22,
    data: agencies.map((a) => {
      const r = rows.find((x) => x.agency_id === a.id && `${x.kind}:${x.stage}` === s.key)
      return r ? item(r) : '-'
    }) as never,
  }))
  return {
    ...base(th),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    legend: { type: 'plain', top: 0, textStyle: { color: th.text, fontSize: th.font }, itemWidth: 12, itemHeight: 8 },
    grid: { left: 8, right: 16, top: 8 + 22 * Math.ceil(stageKeys.length / (compact ? 3 : 5)), bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'value', minInterval: 1, splitNumber: compact ? 3 : 5, ...axisCommon(th) },
    yAxis: {
      type: 'category', data: agencies.map((a) => a.name), inverse: true, ...axisCommon(th), splitLine: { show: false },
      axisLabel: { color: th.subtle, fontSize: th.font, width: compact ? 96 : 220, overflow: 'truncate' },
    },
    series,
  }
}

// Mean days spent per stage (stages that cases left in the period).
export function stageDaysOption(rows: StageDaysRow[], kindLabel: (kind: string) => string, th: ChartTheme = lightTheme): ECOption {
  const data = rows.filter((r) => r.mean_days !== null)
  return {
    ...base(th),
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: unknown) => {
        const d = (p as { data: { name: string; value: number; exits: number } }).data
        return t('dashboard.chart.stageDaysTip', { name: d.name, days: d.value, exits: d.exits })
      },
    },
    grid: { left: 8, right: 40, top: 8, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'value', name: t('dashboard.unit.days'), ...axisCommon(th) },
    yAxis: { type: 'category', inverse: true, data: data.map((r) => (r.kind ? t('dashboard.chart.kindStage', { kind: kindLabel(r.kind), stage: r.stage_label }) : r.stage_label)), ...axisCommon(th), splitLine: { show: false } },
    series: [{
      type: 'bar',
      barMaxWidth: 16,
      label: { show: true, position: 'right', color: th.text },
      data: data.map((r) => ({ value: r.mean_days, exits: r.exits, name: r.kind ? t('dashboard.chart.kindStage', { kind: kindLabel(r.kind), stage: r.stage_label }) : r.stage_label })) as never,
    }],
  }
}

// The flow between agencies as a Sankey diagram; a link opens its cases.
// `compact` (phone width): smaller labels, less room kept for them on the right.
export function flowOption(rows: FlowRow[], nodeLabel: (kind: string, agencyType: string) => string, th: ChartTheme = lightTheme, compact = false): ECOption {
  const { nodes, links } = buildSankey(rows, nodeLabel)
  const labelOf = new Map(nodes.map((n) => [n.name, n.label]))
  return {
    ...base(th),
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: unknown) => {
        const x = p as { dataType: string; data: { name?: string; source?: string; target?: string; value?: number; type?: string } }
        if (x.dataType === 'edge') {
          return t('dashboard.chart.flowTip', {
            from: labelOf.get(x.data.source!) ?? '', to: labelOf.get(x.data.target!) ?? '',
            type: t(`dashboard.flowType.${x.data.type}`), n: x.data.value ?? 0,
          })
        }
        return labelOf.get(x.data.name ?? '') ?? ''
      },
    },
    series: [{
      type: 'sankey',
      left: 8,
      right: compact ? 70 : th.dark ? 170 : 130,
      top: 12,
      bottom: 12,
      nodeGap: compact ? 20 : 16,
      nodeWidth: 14,
      draggable: false,
      emphasis: { focus: 'adjacency' },
      lineStyle: { color: 'gradient', opacity: th.dark ? 0.45 : 0.35, curveness: 0.5 },
      label: { color: th.text, fontSize: compact ? 10 : th.font, lineHeight: compact ? 12 : undefined, formatter: (p: unknown) => labelOf.get((p as { name: string }).name) ?? '' },
      data: nodes.map((n) => ({ name: n.name })),
      links: links as never,
    }],
  }
}

// The county map coloured by pending cases (市本级 has no polygon: shown beside the map).
export function mapOption(rows: MapRow[], th: ChartTheme = lightTheme): ECOption {
  const data = rows.filter((r) => r.area_code !== kCityLevelAreaCode).map((r) => ({ name: r.division, value: r.value, cases_query: r.cases_query }))
  const max = Math.max(1, ...data.map((d) => d.value))
  return {
    ...base(th),
    tooltip: { trigger: 'item', confine: true, formatter: (p: unknown) => {
      const x = p as { name: string; value: number }
      return t('dashboard.chart.mapTip', { name: x.name, n: Number.isFinite(x.value) ? x.value : 0 })
    } },
    visualMap: {
      type: 'continuous',
      min: 0,
      max,
      left: 8,
      bottom: 8,
      itemHeight: 90,
      itemWidth: 10,
      calculable: false,
      text: [t('dashboard.chart.more'), t('dashboard.chart.less')],
      textStyle: { color: th.subtle },
      inRange: { color: th.mapRange },
    },
    series: [{
      type: 'map',
      map: kJinzhongMap,
      roam: false,
      layoutCenter: ['50%', '50%'],
      layoutSize: '96%',
      label: { show: true, color: th.dark ? '#ffffff' : '#303133', fontSize: th.dark ? 15 : 11 },
      itemStyle: { areaColor: th.mapEmpty, borderColor: th.mapBorder, borderWidth: 1 },
      emphasis: { label: { color: th.dark ? '#ffffff' : '#000000' }, itemStyle: { areaColor: th.dark ? '#ffc53d' : '#f3d19e' } },
      select: { disabled: true },
      data: data as never,
    }],
  }
}
