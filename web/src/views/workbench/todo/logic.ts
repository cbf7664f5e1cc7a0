// The to-do page's pure rules: whose alerts are mine, how days left read, local paging.
import type { Alert } from '@/api/alerts'
import type { CursorPage } from '@/composables/useCursorList'
import type { DictEntry } from '@/api/reference'
import { t } from '@/locales'

export interface Me {
  id: number
  // An approver (院长/庭长/局长) also sees the escalations (督办) in their scope.
  approver: boolean
}

export const kApprovePerm = 'case:extension:approve'

// Role 'approver', or anyone holding the permission to decide extensions.
export function isApprover(role: string | undefined, permissions: readonly string[]): boolean {
  return role === 'approver' || permissions.includes(kApprovePerm)
}

// A handler's own alerts; for an approver also those that go to the approver (escalations).
export function isMine(a: Alert, me: Me): boolean {
  return a.handler_id === me.id || (me.approver && a.notify === 'approver')
}
export function myAlerts(items: readonly Alert[], me: Me, level?: Alert['level']): Alert[] {
  return items.filter((a) => isMine(a, me) && (!level || a.level === level))
}
// An escalation the approver sees on someone else's case.
export function isEscalation(a: Alert, me: Me): boolean {
  return me.approver && a.notify === 'approver' && a.handler_id !== me.id
}

// "剩余 N 天", "今日到期" or "超期 N 天", and the level it reads as.
export function daysLeftText(days: number): string {
  if (days > 0) return t('workbench.todo.daysLeft', { n: days })
  if (days === 0) return t('workbench.todo.dueToday')
  return t('workbench.todo.daysOverdue', { n: -days })
}
export function daysLeftLevel(days: number, level?: string): 'normal' | 'near' | 'overdue' {
  if (days < 0 || level === 'overdue') return 'overdue'
  if (level === 'near' || days <= 5) return 'near'
  return 'normal'
}

// Element Plus tag type of a deadline level.
export function levelTagType(level: string | null | undefined): 'success' | 'warning' | 'danger' | 'info' {
  if (level === 'overdue') return 'danger'
  if (level === 'near') return 'warning'
  if (level === 'normal') return 'success'
  return 'info'
}
export function levelLabel(level: string | null | undefined): string {
  return level === 'near' || level === 'overdue' || level === 'normal' ? t(`workbench.level.${level}`) : ''
}

// The statuses of cases still open: every status of the dictionary but closed.
export function openStatuses(options: readonly DictEntry[]): string[] {
  const open = options.map((o) => o.value).filter((v) => v !== 'closed')
  return open.length > 0 ? open : ['received', 'filed', 'suspended']
}

// A page of a list held in memory, in the shape of a cursor-paginated endpoint (the cursor is
// the offset), so that the same pager serves it.
export function slicePage<T>(all: readonly T[], cursor: string | undefined, limit: number): CursorPage<T> {
  const start = cursor ? Math.max(0, Number.parseInt(cursor, 10) || 0) : 0
  const end = start + limit
  return { items: all.slice(start, end), next_cursor: end < all.length ? String(end) : null, total: all.length }
}

// A tab's label with its count: "临近期限 (3)", "(20+)" when there are more than counted.
export function withCount(label: string, n: number | undefined, more = false): string {
  if (n === undefined) return label
  return `${label} (${n}${more ? '+' : ''})`
}

// The period of an extension, in its unit.
export function periodText(length: number, unit: string): string {
  if (unit === 'working_days') return t('common.workingDays', { n: length })
  if (unit === 'months') return t('common.months', { n: length })
  return t('common.days', { n: length })
}
