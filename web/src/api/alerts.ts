// Deadline alerts (API.md "Actions, deadlines, alerts"): running deadlines near their limit or
// overdue, within the caller's scope.
import { get } from '@/utils/http'

export type AlertLevel = 'near' | 'overdue'
export interface Alert {
  case_id: number
  case_number: string | null
  title: string
  kind: string
  agency_id?: number
  agency_name: string
  handler_id: number | null
  handler_name: string | null
  // The deadline's code in the case kind's workflow definition, and its label.
  deadline: string
  deadline_label: string
  due: string
  // Negative when overdue.
  days_left: number
  level: AlertLevel
  // Who should act: the handler while a case is near, the approver (院长/局长) when 5 or fewer
  // days are left or it is overdue.
  notify: 'handler' | 'approver'
}
export interface AlertQuery {
  agency_id?: number
  include_sub?: boolean
  kind?: string
  level?: AlertLevel
}
export interface AlertPage {
  items: Alert[]
  next_cursor: string | null
}

export function listAlerts(q: AlertQuery, cursor?: string, limit = 50): Promise<AlertPage> {
  return get<AlertPage>('/alerts', { ...q, cursor, limit })
}

// Every alert in the caller's scope (the endpoint has no total: the to-do page counts them),
// page by page, at most `maxPages` pages of 500.
export async function listAllAlerts(q: AlertQuery, maxPages = 20): Promise<{ items: Alert[]; complete: boolean }> {
  const items: Alert[] = []
  let cursor: string | undefined
  for (let i = 0; i < maxPages; i++) {
    const page = await listAlerts(q, cursor, 500)
    items.push(...page.items)
    if (!page.next_cursor) return { items, complete: true }
    cursor = page.next_cursor
  }
  return { items, complete: false }
}
