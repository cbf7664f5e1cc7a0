// How the detail page and the transfer inbox show values: money, times, deadline lengths, the
// nearest deadline, and an event's before → after summary. Pure: labels come in as functions.
import { hasKey, t } from '@/locales'
import { fenToYuan, fieldKind, type ActionDef, type FieldDef } from '@/utils/workflowForm'
import type { CaseEvent, Deadline } from '@/api/workflow'

// Integer fen as yuan with two decimals and thousands separators: 1234567 → 12,345.67.
export function formatYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return ''
  const [whole, cents] = fenToYuan(fen).split('.')
  const sign = whole.startsWith('-') ? '-' : ''
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return t('detail.yuan', { n: `${sign}${digits}.${cents}` })
}

// An RFC 3339 timestamp as 'YYYY-MM-DD HH:mm' China time.
export function formatTime(ts: string | null | undefined): string {
  if (!ts) return ''
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}.*\+08:00$/.test(ts)) return `${ts.slice(0, 10)} ${ts.slice(11, 16)}`
  const ms = Date.parse(ts)
  if (Number.isNaN(ms)) return ts
  const china = new Date(ms + 8 * 3600_000).toISOString()
  return `${china.slice(0, 10)} ${china.slice(11, 16)}`
}

// N in a deadline's unit: 5 天, 5 个工作日, 6 个月.
export function inUnit(n: number, unit: string): string {
  if (unit === 'working_days') return t('common.workingDays', { n })
  if (unit === 'months') return t('common.months', { n })
  return t('common.days', { n })
}

// The running deadline with the fewest days left (the header's badge); null when none runs.
export function nearestDeadline(items: Deadline[]): Deadline | null {
  let best: Deadline | null = null
  for (const d of items) {
    if (d.status !== 'running') continue
    if (!best || d.days_left < best.days_left) best = d
  }
  return best
}

// 剩余 N 天 / 已超期 N 天.
export function daysLeftText(daysLeft: number): string {
  return daysLeft >= 0 ? t('detail.deadline.left', { n: daysLeft }) : t('detail.deadline.overdueBy', { n: -daysLeft })
}

// What names the codes and ids found in events.
export interface EventLabels {
  dict: (name: string, value: string) => string
  // The workflow's state label of a stage code.
  stage: (code: string) => string
  // The workflow's action of a code (every action of the kind, not only those allowed now).
  action: (code: string) => ActionDef | undefined
  user: (id: number) => string | undefined
  party: (id: number) => string | undefined
  agency: (id: number) => string | undefined
  deadline: (code: string) => string | undefined
  suspensionKind: (code: string) => string | undefined
}

// The event's title: the dictionary's event type, else the workflow action's label.
export function eventTitle(e: CaseEvent, labels: EventLabels): string {
  const fromDict = labels.dict('event_type', e.type)
  if (fromDict && fromDict !== e.type) return fromDict
  const action = labels.action(e.type)
  if (action) return action.label
  const key = `detail.eventType.${e.type}`
  return hasKey(key) ? t(key) : e.type
}

export interface Change {
  label: string
  before: string
  after: string
}

function plain(value: unknown): string {
  if (value === null || value === undefined || value === '') return ''
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no')
  if (Array.isArray(value)) return value.map(plain).join('、')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

// Keys of an event that say nothing to a reader (a new case's snapshot carries them all).
const kQuietKeys = new Set([
  'id', 'uid', 'version', 'created_at', 'updated_at', 'parties', 'ip_rights', 'deadline', 'agency_name', 'handler_name',
  'area_code', 'source_system', 'external_id', 'transfer_id',
])
const kTransferStatuses = new Set(['pending', 'accepted', 'returned'])

// One value of the case's own fields (status, handler_id …) as words.
function caseValue(key: string, value: unknown, labels: EventLabels): string {
  if (value === null || value === undefined || value === '') return ''
  if (key === 'type' && typeof value === 'string' && hasKey(`detail.transferType.${value}`)) return t(`detail.transferType.${value}`)
  if (key === 'status' && typeof value === 'string' && kTransferStatuses.has(value)) return t(`detail.transferStatus.${value}`)
  if (key.endsWith('_case_id') && typeof value === 'number') return `#${value}`
  const dicts: Record<string, string> = {
    status: 'case_status', procedure: 'procedure', outcome: 'case_outcome', appeal_result: 'appeal_result', kind: 'case_kind',
  }
  if (key in dicts && typeof value === 'string') return labels.dict(dicts[key], value)
  if (key === 'stage' && typeof value === 'string') return labels.stage(value)
  if ((key === 'handler_id' || key === 'actor_id') && typeof value === 'number') return labels.user(value) ?? `#${value}`
  if (key === 'panel_ids' && Array.isArray(value)) return value.map((id) => (typeof id === 'number' ? (labels.user(id) ?? `#${id}`) : plain(id))).join('、')
  if (key.endsWith('_fen') && typeof value === 'number') return formatYuan(value)
  if (key.endsWith('agency_id') && typeof value === 'number') return labels.agency(value) ?? `#${value}`
  return plain(value)
}

// One value of an action's field, as its definition says it is to be read.
export function fieldValue(f: FieldDef | undefined, value: unknown, labels: EventLabels): string {
  if (!f) return plain(value)
  if (value === null || value === undefined || value === '') return ''
  switch (fieldKind(f)) {
    case 'money':
      return typeof value === 'number' ? formatYuan(value) : plain(value)
    case 'enum':
      return f.dict && typeof value === 'string' ? labels.dict(f.dict, value) : plain(value)
    case 'suspension_kind':
      return typeof value === 'string' ? (labels.suspensionKind(value) ?? labels.dict('suspension_kind', value)) : plain(value)
    case 'deadline':
      return typeof value === 'string' ? (labels.deadline(value) ?? value) : plain(value)
    case 'party':
      return typeof value === 'number' ? (labels.party(value) ?? `#${value}`) : plain(value)
    case 'user':
      return typeof value === 'number' ? (labels.user(value) ?? `#${value}`) : plain(value)
    case 'agency':
      return typeof value === 'number' ? (labels.agency(value) ?? `#${value}`) : plain(value)
    default:
      return plain(value)
  }
}

function keyLabel(key: string): string {
  const k = `detail.eventKey.${key}`
  return hasKey(k) ? t(k) : key
}

// What the event changed: each key of before and after (the action's fields expanded, labelled
// by the action's definition), as before → after in words. Unchanged keys are left out, except
// an action's fields, which are what it recorded.
export function eventChanges(e: CaseEvent, labels: EventLabels): Change[] {
  const before = e.before ?? {}
  const after = e.after ?? {}
  const out: Change[] = []
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
  for (const key of keys) {
    if (key === 'action' || key === 'fields' || kQuietKeys.has(key)) continue
    const b = caseValue(key, before[key], labels)
    const a = caseValue(key, after[key], labels)
    if (a === b) continue
    out.push({ label: keyLabel(key), before: b, after: a })
  }
  const fields = after.fields
  if (fields && typeof fields === 'object' && !Array.isArray(fields)) {
    const code = typeof after.action === 'string' ? after.action : e.type
    const action = labels.action(code)
    for (const [name, value] of Object.entries(fields as Record<string, unknown>)) {
      const f = action?.fields.find((x) => x.name === name)
      out.push({ label: f?.label ?? keyLabel(name), before: '', after: fieldValue(f, value, labels) })
    }
  }
  return out
}
