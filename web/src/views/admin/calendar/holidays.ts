// Checks a holiday file (the format of data/holidays-cn.json: {covers, sources, days: [{date,
// kind: holiday|workday, name}]}) before it is sent, and summarises it. The server checks it
// fully; this catches what is plainly wrong (not JSON, missing lists, a malformed day).

export interface HolidayDay {
  date: string
  kind: 'holiday' | 'workday'
  name: string
}
export type HolidayProblem = 'empty' | 'json' | 'object' | 'covers' | 'days' | 'day' | 'outside'

export type HolidayCheck =
  | { ok: true; years: number[]; holidays: number; workdays: number; days: HolidayDay[] }
  | { ok: false; problem: HolidayProblem; index?: number; detail?: string }

export function checkHolidayFile(text: string): HolidayCheck {
  if (!text.trim()) return { ok: false, problem: 'empty' }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    return { ok: false, problem: 'json', detail: e instanceof Error ? e.message : String(e) }
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { ok: false, problem: 'object' }
  const o = data as Record<string, unknown>
  const covers = o.covers
  if (!Array.isArray(covers) || covers.length === 0 || !covers.every((y) => Number.isInteger(y) && y >= 1990 && y <= 2200)) {
    return { ok: false, problem: 'covers' }
  }
  if (!Array.isArray(o.days)) return { ok: false, problem: 'days' }
  const days: HolidayDay[] = []
  for (let i = 0; i < o.days.length; i++) {
    const d = o.days[i] as Record<string, unknown> | null
    const valid =
      !!d && typeof d === 'object' &&
      typeof d.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d.date) && !Number.isNaN(Date.parse(d.date)) &&
      (d.kind === 'holiday' || d.kind === 'workday') &&
      typeof d.name === 'string'
    if (!valid) return { ok: false, problem: 'day', index: i }
    const day = d as unknown as HolidayDay
    if (!covers.includes(Number(day.date.slice(0, 4)))) return { ok: false, problem: 'outside', index: i, detail: day.date }
    days.push(day)
  }
  const years = [...covers].sort((a, b) => a - b) as number[]
  return {
    ok: true,
    years,
    holidays: days.filter((d) => d.kind === 'holiday').length,
    workdays: days.filter((d) => d.kind === 'workday').length,
    days,
  }
}
