import { describe, expect, it } from 'vitest'
import {
  buildActionBody, buildRules, fieldKind, fieldOptions, initialModel, validateEffectiveOn, validateField, validateModel,
  yuanToFen, type ActionDef, type FormContext, type OptionSources,
} from './workflowForm'

// Action definitions as in workflows/complaint.json and workflows/civil_first.json (copied).
const complaintNotAccept: ActionDef = {
  code: 'not_accept',
  label: '不予受理',
  to: 'not_accepted',
  fields: [
    { name: 'outcome', label: '结案方式', type: 'enum', dict: 'case_outcome', allowed: ['not_accepted'], required: true },
    { name: 'document_number', label: '文书号', type: 'text', required: false },
    { name: 'reason', label: '不予受理理由（如：知道或者应当知道权益受到侵害超过三年，办法第15条）', type: 'text', required: true },
  ],
}
const complaintAccept: ActionDef = {
  code: 'accept',
  label: '受理',
  to: 'accepted',
  fields: [{ name: 'claimed_amount_fen', label: '投诉请求金额', type: 'fen', required: false }],
}
const complaintNotify: ActionDef = {
  code: 'notify',
  label: '告知当事人',
  to: null,
  fields: [
    { name: 'party_id', label: '受送达人', type: 'integer', required: true, min: 1 },
    { name: 'served_on', label: '送达日期', type: 'date', required: true },
    { name: 'method', label: '送达方式', type: 'enum', dict: 'service_method', required: true },
    { name: 'document', label: '送达文书', type: 'text', required: false },
  ],
}
const civilFile: ActionDef = {
  code: 'file',
  label: '立案',
  to: 'filed',
  fields: [
    { name: 'procedure', label: '审理程序', type: 'enum', dict: 'procedure', required: true },
    { name: 'claimed_amount_fen', label: '诉讼请求金额', type: 'fen', required: false },
  ],
}
const civilAssign: ActionDef = {
  code: 'assign_handler',
  label: '分案（指定承办法官）',
  to: 'trial',
  fields: [{ name: 'handler_id', label: '承办人', type: 'user', required: true }],
}
const civilJudge: ActionDef = {
  code: 'judge',
  label: '判决结案',
  to: 'closed',
  fields: [
    { name: 'outcome', label: '结案方式', type: 'enum', dict: 'case_outcome', allowed: ['judgment', 'rejection'], required: true },
    { name: 'document_number', label: '判决书文号', type: 'text', required: true },
    { name: 'awarded_amount_fen', label: '判决金额', type: 'fen', required: false },
  ],
}
const civilExtension: ActionDef = {
  code: 'request_extension',
  label: '申请延长审限',
  to: null,
  fields: [
    { name: 'deadline', label: '延长的期限', type: 'deadline', allowed: ['trial_ordinary', 'trial_summary', 'trial_small_claims'], required: true },
    { name: 'length', label: '延长月数', type: 'integer', required: true, min: 1 },
    { name: 'reason', label: '延长理由', type: 'text', required: true },
  ],
}
const civilSuspend: ActionDef = {
  code: 'start_suspension',
  label: '开始扣除审限期间',
  to: null,
  fields: [
    { name: 'suspension_kind', label: '期间类型', type: 'suspension_kind', allowed: ['public_notice', 'appraisal', 'settlement', 'jurisdiction_objection', 'audit_valuation'], required: true },
    { name: 'reason', label: '事由', type: 'text', required: true },
  ],
}
const civilDecide: ActionDef = {
  code: 'decide_extension',
  label: '审批延长审限',
  to: null,
  fields: [
    { name: 'approved', label: '是否批准', type: 'boolean', required: true },
    { name: 'reason', label: '审批意见', type: 'text', required: true },
  ],
}

const dict: Record<string, { value: string; label: string }[]> = {
  case_outcome: [
    { value: 'judgment', label: '判决' },
    { value: 'ruling', label: '裁定' },
    { value: 'rejection', label: '驳回诉讼请求' },
    { value: 'not_accepted', label: '不予受理' },
  ],
  procedure: [
    { value: 'ordinary', label: '普通程序' },
    { value: 'summary', label: '简易程序' },
    { value: 'small_claims', label: '小额诉讼程序' },
  ],
  service_method: [
    { value: 'direct', label: '直接送达' },
    { value: 'post', label: '邮寄送达' },
  ],
  suspension_kind: [
    { value: 'public_notice', label: '公告期间' },
    { value: 'appraisal', label: '鉴定期间' },
    { value: 'suspension', label: '中止期间' },
  ],
}
const sources: OptionSources = {
  dict: (name) => dict[name] ?? [],
  parties: [
    { value: 969, label: '山西晟美液压件制造有限公司（原告）' },
    { value: 33, label: '介休市晟瑞服装店（被告）' },
  ],
  users: [
    { value: 10, label: '高英燕' },
    { value: 11, label: '王晓伟' },
  ],
  deadlines: [
    { code: 'serve_complaint', label: '送达起诉状副本期限', status: 'running', due: '2026-11-25' },
    { code: 'trial_ordinary', label: '普通程序审理期限', status: 'running', due: '2027-05-20' },
    { code: 'trial_summary', label: '简易程序审理期限', status: 'met', due: '2027-02-20' },
  ],
}
const today = '2026-11-20'
const ctx: FormContext = {
  today,
  receivedOn: '2026-11-17',
  choices: (f) => {
    const options = fieldOptions(f, sources)
    return options.length > 0 || ['party', 'user'].includes(fieldKind(f)) ? options.map((o) => o.value) : null
  },
}

describe('fieldKind', () => {
  it('reads money, parties and long text from the definition', () => {
    expect(fieldKind(complaintAccept.fields[0])).toBe('money')
    expect(fieldKind(complaintNotify.fields[0])).toBe('party')
    expect(fieldKind(civilExtension.fields[1])).toBe('integer')
    expect(fieldKind(civilExtension.fields[2])).toBe('longtext')
    expect(fieldKind(complaintNotAccept.fields[1])).toBe('text')
    expect(fieldKind(civilAssign.fields[0])).toBe('user')
    expect(fieldKind(civilDecide.fields[0])).toBe('boolean')
  })
})

describe('fieldOptions', () => {
  it('restricts an enum to its allowed values', () => {
    expect(fieldOptions(civilJudge.fields[0], sources).map((o) => o.value)).toEqual(['judgment', 'rejection'])
    expect(fieldOptions(complaintNotAccept.fields[0], sources)).toEqual([{ value: 'not_accepted', label: '不予受理' }])
  })
  it('offers the whole dictionary when nothing is restricted', () => {
    expect(fieldOptions(civilFile.fields[0], sources).map((o) => o.label)).toEqual(['普通程序', '简易程序', '小额诉讼程序'])
  })
  it('offers the case deadlines among the allowed ones, closed ones disabled', () => {
    const options = fieldOptions(civilExtension.fields[0], sources)
    expect(options.map((o) => o.value)).toEqual(['trial_ordinary', 'trial_summary'])
    expect(options.find((o) => o.value === 'trial_summary')?.disabled).toBe(true)
    expect(options.find((o) => o.value === 'trial_ordinary')?.disabled).toBe(false)
  })
  it('offers the allowed suspension kinds with their labels', () => {
    const options = fieldOptions(civilSuspend.fields[0], sources)
    expect(options).toHaveLength(5)
    expect(options[0]).toEqual({ value: 'public_notice', label: '公告期间' })
  })
  it('offers the case parties for a party field and the users for a user field', () => {
    expect(fieldOptions(complaintNotify.fields[0], sources).map((o) => o.value)).toEqual([969, 33])
    expect(fieldOptions(civilAssign.fields[0], sources).map((o) => o.value)).toEqual([10, 11])
  })
})

describe('initialModel', () => {
  it('starts empty, effective today, with a single allowed value chosen', () => {
    const model = initialModel(complaintNotAccept.fields, today, sources)
    expect(model).toEqual({ effective_on: today, note: '', fields: { outcome: 'not_accepted', document_number: '', reason: '' } })
    expect(initialModel(civilJudge.fields, today, sources).fields.outcome).toBeNull()
    expect(initialModel(civilAssign.fields, today).fields.handler_id).toBeNull()
  })
})

describe('rules', () => {
  it('marks required fields and only those', () => {
    const rules = buildRules(complaintNotAccept.fields, ctx)
    expect(rules['fields.outcome'][0].required).toBe(true)
    expect(rules['fields.reason'][0].required).toBe(true)
    expect(rules['fields.document_number'][0].required).toBe(false)
    expect(rules.effective_on[0].required).toBe(true)
  })
  it('reports a missing required field by its short label', () => {
    expect(validateField(complaintNotAccept.fields[2], '  ')).toBe('请填写不予受理理由')
    expect(validateField(civilAssign.fields[0], null)).toBe('请选择承办人')
    expect(validateField(complaintNotAccept.fields[1], '')).toBeNull()
  })
  it('runs the validator through the Element Plus rule', async () => {
    const rule = buildRules(civilExtension.fields, ctx)['fields.length'][0]
    const outcome = await new Promise<Error | undefined>((resolve) => {
      const validator = rule.validator as (r: unknown, v: unknown, cb: (e?: Error) => void) => void
      validator(rule, 0, resolve)
    })
    expect(outcome?.message).toBe('延长月数不能小于 1')
  })
  it('refuses enum values outside allowed', () => {
    expect(validateField(civilJudge.fields[0], 'ruling', ctx.choices!(civilJudge.fields[0]))).toBe('结案方式的取值不在允许范围内')
    expect(validateField(civilJudge.fields[0], 'ruling')).toBe('结案方式的取值不在允许范围内')
    expect(validateField(civilJudge.fields[0], 'judgment', ctx.choices!(civilJudge.fields[0]))).toBeNull()
  })
  it('checks integers and their minimum', () => {
    const length = civilExtension.fields[1]
    expect(validateField(length, 1.5)).toBe('延长月数应为整数')
    expect(validateField(length, '2.0')).toBe('延长月数应为整数')
    expect(validateField(length, 0)).toBe('延长月数不能小于 1')
    expect(validateField(length, 3)).toBeNull()
    expect(validateField(length, '3')).toBeNull()
    expect(validateField({ name: 'n', label: '次数', type: 'integer', max: 5 }, 6)).toBe('次数不能大于 5')
  })
  it('checks a party is one of the case', () => {
    const party = complaintNotify.fields[0]
    expect(validateField(party, 969, ctx.choices!(party))).toBeNull()
    expect(validateField(party, 12, ctx.choices!(party))).toBe('受送达人的取值不在允许范围内')
    expect(validateField(party, 0)).toBe('受送达人无效')
  })
  it('checks money in yuan', () => {
    const fen = civilJudge.fields[2]
    expect(validateField(fen, '12.345')).toBe('判决金额应为金额（元），最多两位小数')
    expect(validateField(fen, '-1')).toBe('判决金额应为金额（元），最多两位小数')
    expect(validateField(fen, '1,234.5')).toBeNull()
  })
  it('checks dates and booleans', () => {
    expect(validateField(complaintNotify.fields[1], '2026-02-30')).toBe('送达日期应为日期（年-月-日）')
    expect(validateField(complaintNotify.fields[1], '2026-02-28')).toBeNull()
    expect(validateField(civilDecide.fields[0], null)).toBe('请选择是否批准')
    expect(validateField(civilDecide.fields[0], false)).toBeNull()
  })
  it('refuses an effective date in the future or before the case was received', () => {
    expect(validateEffectiveOn('2026-11-21', today)).toBe('生效日期不能晚于今天')
    expect(validateEffectiveOn('2026-11-16', today, '2026-11-17')).toBe('生效日期不能早于收案日期 2026-11-17')
    expect(validateEffectiveOn(today, today, '2026-11-17')).toBeNull()
    expect(validateEffectiveOn('', today)).toBe('请选择生效日期')
  })
})

describe('yuanToFen', () => {
  it('converts without floating point', () => {
    expect(yuanToFen('0.1')).toBe(10)
    expect(yuanToFen('20140')).toBe(2014000)
    expect(yuanToFen('1,234.56')).toBe(123456)
    expect(yuanToFen('19.99')).toBe(1999)
    expect(yuanToFen('1.')).toBe(100)
    expect(yuanToFen('abc')).toBeNull()
    expect(yuanToFen('1.234')).toBeNull()
  })
})

describe('buildActionBody', () => {
  it('sends {action, effective_on, fields, note} with fen and numbers, leaving out empty optional fields', () => {
    const model = initialModel(civilFile.fields, today, sources)
    model.fields.procedure = 'summary'
    model.fields.claimed_amount_fen = '20140.5'
    model.effective_on = '2026-11-18'
    model.note = '  补录  '
    expect(buildActionBody(civilFile, model, ctx)).toEqual({
      ok: true,
      body: { action: 'file', effective_on: '2026-11-18', fields: { procedure: 'summary', claimed_amount_fen: 2014050 }, note: '补录' },
    })
  })
  it('sends a party and an integer as numbers and leaves out an empty note', () => {
    const model = initialModel(complaintNotify.fields, today, sources)
    Object.assign(model.fields, { party_id: 33, served_on: '2026-11-19', method: 'post', document: '' })
    const result = buildActionBody(complaintNotify, model, ctx)
    expect(result).toEqual({
      ok: true,
      body: { action: 'notify', effective_on: today, fields: { party_id: 33, served_on: '2026-11-19', method: 'post' } },
    })
  })
  it('sends false for a boolean', () => {
    const model = initialModel(civilDecide.fields, today, sources)
    Object.assign(model.fields, { approved: false, reason: '理由不充分' })
    const result = buildActionBody(civilDecide, model, ctx)
    expect(result.ok && result.body.fields).toEqual({ approved: false, reason: '理由不充分' })
  })
  it('does not send an invalid model and names every error by its form prop', () => {
    const model = initialModel(civilExtension.fields, today, sources)
    model.effective_on = '2026-12-01'
    model.fields.deadline = 'serve_complaint'
    model.fields.length = 0
    const result = buildActionBody(civilExtension, model, ctx)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(Object.keys(result.errors).sort()).toEqual(['effective_on', 'fields.deadline', 'fields.length', 'fields.reason'])
      expect(result.errors.effective_on).toBe('生效日期不能晚于今天')
    }
  })
  it('agrees with validateModel', () => {
    const model = initialModel(complaintNotAccept.fields, today, sources)
    expect(validateModel(complaintNotAccept.fields, model, ctx)).toEqual({ 'fields.reason': '请填写不予受理理由' })
    model.fields.reason = '超过三年'
    expect(buildActionBody(complaintNotAccept, model, ctx)).toEqual({
      ok: true,
      body: { action: 'not_accept', effective_on: today, fields: { outcome: 'not_accepted', reason: '超过三年' } },
    })
  })
})
