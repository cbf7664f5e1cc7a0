// The form of a workflow action (POST /api/v1/cases/{id}/actions), built from the action's field
// definitions as the server sends them (GET /api/v1/cases/{id}/actions, the same objects as in
// workflows/<kind>.json): the initial model, the options of its selects, the Element Plus rules,
// and the request body {action, effective_on, fields, note}, validated before it is sent the way
// the server validates it (service/case_actions.cpp CheckFields). Pure: no component, no request.
import type { FormItemRule } from 'element-plus'
import { t } from '@/locales'

// One field of an action, as in the definition file.
export interface FieldDef {
  name: string
  label?: string
  type: string
  required?: boolean
  dict?: string
  allowed?: string[]
  min?: number
  max?: number
}

// One action the user may take now (GET /api/v1/cases/{id}/actions).
export interface ActionDef {
  code: string
  label: string
  to: string | null
  fields: FieldDef[]
}

// How a field is entered. Party fields are integers in the definitions (party_id); money fields
// are fen on the API and entered in yuan.
export type FieldKind =
  | 'enum'
  | 'suspension_kind'
  | 'deadline'
  | 'party'
  | 'user'
  | 'agency'
  | 'boolean'
  | 'date'
  | 'integer'
  | 'money'
  | 'text'
  | 'longtext'

const kSelectKinds: ReadonlySet<FieldKind> = new Set(['enum', 'suspension_kind', 'deadline', 'party', 'user', 'agency'])
// Text fields that hold sentences rather than a number or a name.
const kLongTextNames = /(^|_)(reason|description|result|note|opinion)$/

export function fieldKind(f: FieldDef): FieldKind {
  switch (f.type) {
    case 'enum':
    case 'suspension_kind':
    case 'deadline':
    case 'user':
    case 'agency':
    case 'boolean':
    case 'date':
      return f.type
    case 'party':
      return 'party'
    case 'fen':
    case 'amount':
      return 'money'
    case 'integer':
      return f.name === 'party_id' || f.name.endsWith('_party_id') ? 'party' : 'integer'
    default:
      if (f.name.endsWith('_fen')) return 'money'
      return kLongTextNames.test(f.name) ? 'longtext' : 'text'
  }
}

export function isSelect(kind: FieldKind): boolean {
  return kSelectKinds.has(kind)
}

// The label without its parenthesised hint (不予受理理由（如：……）→ 不予受理理由), for messages.
export function shortLabel(f: FieldDef): string {
  const label = (f.label ?? '').replace(/（[^）]*）/g, '').replace(/\([^)]*\)/g, '').trim()
  return label || f.label || f.name
}

export interface Option {
  value: string | number
  label: string
  disabled?: boolean
  // Indentation of tree options (agencies).
  depth?: number
}

// What the selects choose from: the server's dictionary, the case's parties and deadlines, the
// users of the case's agency, the agencies, and the workflow's suspension kinds.
export interface OptionSources {
  dict: (name: string) => { value: string; label: string }[]
  parties?: Option[]
  users?: Option[]
  agencies?: Option[]
  // The case's deadlines (GET /api/v1/cases/{id}/deadlines).
  deadlines?: { code: string; label: string; status?: string; due?: string }[]
  // Labels of the workflow's suspension kinds (its definition's suspension_kinds), by code.
  suspensionKinds?: Record<string, string>
}

function restrict<T extends { value: string | number }>(options: T[], allowed?: string[]): T[] {
  if (!allowed || allowed.length === 0) return options
  return options.filter((o) => allowed.includes(String(o.value)))
}

// The options of a select field; [] for the others.
export function fieldOptions(f: FieldDef, src: OptionSources): Option[] {
  const kind = fieldKind(f)
  switch (kind) {
    case 'enum': {
      const entries = f.dict ? src.dict(f.dict) : []
      if (entries.length === 0) return (f.allowed ?? []).map((v) => ({ value: v, label: v }))
      return restrict(entries, f.allowed).map((e) => ({ value: e.value, label: e.label }))
    }
    case 'suspension_kind': {
      const labels = src.suspensionKinds ?? {}
      const dict = src.dict('suspension_kind')
      const codes = f.allowed && f.allowed.length > 0 ? f.allowed : Object.keys(labels).length > 0 ? Object.keys(labels) : dict.map((e) => e.value)
      return codes.map((c) => ({ value: c, label: labels[c] ?? dict.find((e) => e.value === c)?.label ?? c }))
    }
    case 'deadline': {
      const seen = new Set<string>()
      const out: Option[] = []
      for (const d of src.deadlines ?? []) {
        if (f.allowed && f.allowed.length > 0 && !f.allowed.includes(d.code)) continue
        if (seen.has(d.code)) continue
        seen.add(d.code)
        const open = d.status === undefined || d.status === 'running' || d.status === 'suspended'
        out.push({ value: d.code, label: d.due ? `${d.label}（${d.due}）` : d.label, disabled: !open })
      }
      return out
    }
    case 'party':
      return src.parties ?? []
    case 'user':
      return src.users ?? []
    case 'agency':
      return src.agencies ?? []
    default:
      return []
  }
}

// The form's model: the action's fields under `fields` (so that a form item's prop is the
// server's error path, fields.handler_id), the effective date and the note.
export interface ActionModel {
  effective_on: string
  note: string
  fields: Record<string, unknown>
}

// Empty fields, except a select whose only allowed value is given (结案方式 of a dismissal).
export function initialModel(fields: FieldDef[], today: string, src?: OptionSources): ActionModel {
  const model: ActionModel = { effective_on: today, note: '', fields: {} }
  for (const f of fields) {
    const kind = fieldKind(f)
    let value: unknown = kind === 'text' || kind === 'longtext' || kind === 'money' ? '' : null
    if ((kind === 'enum' || kind === 'suspension_kind' || kind === 'deadline') && f.required) {
      const options = src ? fieldOptions(f, src).filter((o) => !o.disabled) : (f.allowed ?? []).map((v) => ({ value: v }))
      if (options.length === 1) value = options[0].value
    }
    model.fields[f.name] = value
  }
  return model
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
}

// An integer from a number or a string of digits; null when it is none.
export function toInteger(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) {
    const n = Number(value.trim())
    return Number.isSafeInteger(n) ? n : null
  }
  return null
}

// Yuan as typed ("1234.5", "1,234.50") to integer fen, without floating point; null when it is
// not a non-negative amount with at most two decimals.
export function yuanToFen(value: unknown): number | null {
  const s = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.replace(/[,，\s]/g, '') : ''
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(s)
  if (!m) return null
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return Number.isSafeInteger(fen) ? fen : null
}

export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

function isDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const [y, m, d] = value.split('-').map(Number)
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length
}

const kMaxText = 4000

// The error of one field's value, or null. `choices` are the values a select may take (its
// options); when given, a value outside them is refused.
export function validateField(f: FieldDef, value: unknown, choices?: (string | number)[] | null): string | null {
  const kind = fieldKind(f)
  const label = shortLabel(f)
  if (isEmpty(value)) {
    if (!f.required) return null
    return isSelect(kind) || kind === 'boolean' || kind === 'date'
      ? t('common.pleaseSelect', { field: label })
      : t('common.required', { field: label })
  }
  switch (kind) {
    case 'text':
    case 'longtext':
      if (typeof value !== 'string') return t('detail.form.invalid', { field: label })
      if (utf8Length(value.trim()) > kMaxText) return t('detail.form.tooLong', { field: label, max: kMaxText })
      return null
    case 'date':
      return isDate(value) ? null : t('detail.form.badDate', { field: label })
    case 'boolean':
      return typeof value === 'boolean' ? null : t('common.pleaseSelect', { field: label })
    case 'integer': {
      const n = toInteger(value)
      if (n === null) return t('detail.form.notInteger', { field: label })
      if (f.min !== undefined && n < f.min) return t('detail.form.min', { field: label, min: f.min })
      if (f.max !== undefined && n > f.max) return t('detail.form.max', { field: label, max: f.max })
      return null
    }
    case 'money': {
      const fen = yuanToFen(value)
      if (fen === null) return t('detail.form.badMoney', { field: label })
      const min = f.min ?? 0
      if (fen < min) return t('detail.form.min', { field: label, min: fenToYuan(min) })
      if (f.max !== undefined && fen > f.max) return t('detail.form.max', { field: label, max: fenToYuan(f.max) })
      return null
    }
    case 'party':
    case 'user':
    case 'agency': {
      const n = toInteger(value)
      if (n === null || n < (f.min ?? 1)) return t('detail.form.invalid', { field: label })
      if (choices && !choices.some((c) => Number(c) === n)) return t('detail.form.notAllowed', { field: label })
      return null
    }
    case 'enum':
    case 'suspension_kind':
    case 'deadline': {
      if (typeof value !== 'string') return t('detail.form.invalid', { field: label })
      if (f.allowed && f.allowed.length > 0 && !f.allowed.includes(value)) return t('detail.form.notAllowed', { field: label })
      if (choices && !choices.map(String).includes(value)) return t('detail.form.notAllowed', { field: label })
      return null
    }
  }
  return null
}

// The effective date: given, a date, not after today, not before the case was received.
export function validateEffectiveOn(value: unknown, today: string, receivedOn?: string | null): string | null {
  if (isEmpty(value)) return t('common.pleaseSelect', { field: t('detail.action.effectiveOn') })
  if (!isDate(value)) return t('detail.form.badDate', { field: t('detail.action.effectiveOn') })
  if (value > today) return t('detail.form.effectiveFuture')
  if (receivedOn && value < receivedOn) return t('detail.form.effectiveBeforeReceived', { date: receivedOn })
  return null
}

export function validateNote(value: unknown): string | null {
  if (typeof value === 'string' && utf8Length(value.trim()) > kMaxText) {
    return t('detail.form.tooLong', { field: t('detail.action.note'), max: kMaxText })
  }
  return null
}

export interface FormContext {
  today: string
  receivedOn?: string | null
  // The values a select field may take; null when they are not known (no check then).
  choices?: (f: FieldDef) => (string | number)[] | null
}

// The form item's prop for a field: the server's error path (ApiError.field).
export function fieldProp(f: FieldDef | string): string {
  return `fields.${typeof f === 'string' ? f : f.name}`
}

function rule(required: boolean, check: (value: unknown) => string | null): FormItemRule {
  return {
    required,
    trigger: ['blur', 'change'],
    validator: (_rule, value, callback) => {
      const message = check(value)
      if (message) callback(new Error(message))
      else callback()
    },
  }
}

// The Element Plus rules of every form item, by prop (bind each item's :rules to its entry).
export function buildRules(fields: FieldDef[], ctx: FormContext): Record<string, FormItemRule[]> {
  const rules: Record<string, FormItemRule[]> = {
    effective_on: [rule(true, (v) => validateEffectiveOn(v, ctx.today, ctx.receivedOn))],
    note: [rule(false, validateNote)],
  }
  for (const f of fields) {
    rules[fieldProp(f)] = [rule(f.required === true, (v) => validateField(f, v, ctx.choices?.(f) ?? null))]
  }
  return rules
}

// Every error of the model, by prop; empty when it may be sent.
export function validateModel(fields: FieldDef[], model: ActionModel, ctx: FormContext): Record<string, string> {
  const errors: Record<string, string> = {}
  const effective = validateEffectiveOn(model.effective_on, ctx.today, ctx.receivedOn)
  if (effective) errors.effective_on = effective
  const note = validateNote(model.note)
  if (note) errors.note = note
  for (const f of fields) {
    const message = validateField(f, model.fields[f.name], ctx.choices?.(f) ?? null)
    if (message) errors[fieldProp(f)] = message
  }
  return errors
}

export interface ActionBody {
  action: string
  effective_on: string
  fields: Record<string, unknown>
  note?: string
}

export type BuildResult = { ok: true; body: ActionBody } | { ok: false; errors: Record<string, string> }

// The request body of the action, or the errors that keep it from being sent. Empty optional
// fields are left out; money goes as integer fen, ids and integers as numbers, text trimmed.
export function buildActionBody(action: ActionDef, model: ActionModel, ctx: FormContext): BuildResult {
  const errors = validateModel(action.fields, model, ctx)
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  const fields: Record<string, unknown> = {}
  for (const f of action.fields) {
    const value = model.fields[f.name]
    if (isEmpty(value)) continue
    switch (fieldKind(f)) {
      case 'money':
        fields[f.name] = yuanToFen(value)
        break
      case 'integer':
      case 'party':
      case 'user':
      case 'agency':
        fields[f.name] = toInteger(value)
        break
      case 'text':
      case 'longtext':
        fields[f.name] = (value as string).trim()
        break
      default:
        fields[f.name] = value
    }
  }
  const body: ActionBody = { action: action.code, effective_on: model.effective_on, fields }
  const note = model.note.trim()
  if (note) body.note = note
  return { ok: true, body }
}
