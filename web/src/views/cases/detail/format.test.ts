import { describe, expect, it } from 'vitest'
import type { CaseEvent, Deadline } from '@/api/workflow'
import type { ActionDef } from '@/utils/workflowForm'
import { daysLeftText, eventChanges, eventTitle, formatTime, formatYuan, inUnit, nearestDeadline, type EventLabels } from './format'

function deadline(partial: Partial<Deadline>): Deadline {
  return {
    code: 'x', rule: 'x', label: 'x', source: null, unit: 'days', length: 5, total: 5, party_id: null, start: '2026-11-20',
    due: '2026-11-25', near_on: '2026-11-20', stopped_on: null, used: 0, left: 5, days_left: 5, status: 'running',
    level: 'normal', provisional: false, suspensions: [], extensions: [], ...partial,
  }
}

const serve: ActionDef = {
  code: 'serve',
  label: '送达',
  to: null,
  fields: [
    { name: 'party_id', label: '受送达人', type: 'integer', required: true, min: 1 },
    { name: 'method', label: '送达方式', type: 'enum', dict: 'service_method', required: true },
    { name: 'awarded_amount_fen', label: '判决金额', type: 'fen' },
  ],
}
const labels: EventLabels = {
  dict: (name, value) => ({ 'case_status:received': '已收案待立案', 'case_status:filed': '已立案', 'service_method:post': '邮寄送达', 'event_type:filed': '立案' } as Record<string, string>)[`${name}:${value}`] ?? value,
  stage: (code) => ({ trial: '审理中' } as Record<string, string>)[code] ?? code,
  action: (code) => (code === 'serve' ? serve : undefined),
  user: (id) => (id === 10 ? '高英燕' : undefined),
  party: (id) => (id === 254 ? '张某' : undefined),
  agency: () => undefined,
  deadline: () => undefined,
  suspensionKind: () => undefined,
}
function event(partial: Partial<CaseEvent>): CaseEvent {
  return { id: 1, uid: 'u', case_id: 1, type: 'created', actor_id: null, actor_name: null, at: '2026-11-20T09:30:32+08:00', effective_on: null, before: null, after: null, note: null, ...partial }
}

describe('format', () => {
  it('shows fen as yuan with separators', () => {
    expect(formatYuan(2014000)).toBe('20,140.00 元')
    expect(formatYuan(5)).toBe('0.05 元')
    expect(formatYuan(null)).toBe('')
  })
  it('shows timestamps in China time', () => {
    expect(formatTime('2026-11-20T09:30:32+08:00')).toBe('2026-11-20 09:30')
    expect(formatTime('2026-11-20T01:30:32Z')).toBe('2026-11-20 09:30')
  })
  it('names lengths in their unit and the days left', () => {
    expect(inUnit(7, 'working_days')).toBe('7 个工作日')
    expect(inUnit(6, 'months')).toBe('6 个月')
    expect(daysLeftText(4)).toBe('剩余 4 天')
    expect(daysLeftText(-3)).toBe('已超期 3 天')
  })
  it('picks the running deadline with the fewest days left', () => {
    const items = [deadline({ code: 'a', days_left: 181 }), deadline({ code: 'b', days_left: 2, status: 'met' }), deadline({ code: 'c', days_left: 5 })]
    expect(nearestDeadline(items)?.code).toBe('c')
    expect(nearestDeadline([deadline({ status: 'met' })])).toBeNull()
  })
})

describe('events', () => {
  it('titles by the dictionary, else by the action', () => {
    expect(eventTitle(event({ type: 'filed' }), labels)).toBe('立案')
    expect(eventTitle(event({ type: 'serve' }), labels)).toBe('送达')
    expect(eventTitle(event({ type: 'mystery' }), labels)).toBe('mystery')
  })
  it('summarises before and after in words', () => {
    const changes = eventChanges(event({ type: 'filed', before: { status: 'received' }, after: { status: 'filed', case_number: '（2026）晋07知民初74号' } }), labels)
    expect(changes).toEqual([
      { label: '状态', before: '已收案待立案', after: '已立案' },
      { label: '案号', before: '', after: '（2026）晋07知民初74号' },
    ])
  })
  it("expands an action's fields by its definition", () => {
    const changes = eventChanges(
      event({ type: 'serve', before: { stage: 'trial' }, after: { action: 'serve', stage: 'trial', fields: { party_id: 254, method: 'post', awarded_amount_fen: 150 } } }),
      labels,
    )
    expect(changes).toEqual([
      { label: '受送达人', before: '', after: '张某' },
      { label: '送达方式', before: '', after: '邮寄送达' },
      { label: '判决金额', before: '', after: '1.50 元' },
    ])
  })
  it('names handlers', () => {
    expect(eventChanges(event({ type: 'assigned', after: { handler_id: 10, panel_ids: [10, 5] } }), labels)).toEqual([
      { label: '承办人', before: '', after: '高英燕' },
      { label: '合议庭', before: '', after: '高英燕、#5' },
    ])
  })
})

describe('transfer events', () => {
  it('names the hand-over of a linked event and hides bookkeeping keys', () => {
    const changes = eventChanges(
      event({ type: 'linked', after: { transfer_id: 7, type: 'appeal', from_case_id: 2456, receiving_case_id: 2878, reason: '不服一审判决', status: 'returned' } }),
      labels,
    )
    expect(changes).toEqual([
      { label: '方式', before: '', after: '上诉' },
      { label: '原案件', before: '', after: '#2456' },
      { label: '接收案件', before: '', after: '#2878' },
      { label: '理由', before: '', after: '不服一审判决' },
      { label: '状态', before: '', after: '已退回' },
    ])
  })
})
