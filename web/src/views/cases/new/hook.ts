// The new-case page: pick a kind (those the user's agencies may hold), fill the fields of that
// kind, add parties and IP rights (existing or new), with identifiers checked live; register new
// IP rights first, then POST /cases, and show any field error next to its field.
import { computed, nextTick, onMounted, reactive, ref, shallowRef, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { ElMessage } from 'element-plus'
import type { Agency } from '@/api/agencies'
import { createCase } from '@/api/cases'
import { createIpRight, listIpRights } from '@/api/ip-rights'
import { validate, type ValidationType } from '@/api/reference'
import { loadAgencies } from '@/components/AgencyTreeSelect.vue'
import { useDictStore } from '@/stores/dict'
import { useUserStore } from '@/stores/user'
import { ApiError } from '@/utils/http'
import { t } from '@/locales'
import { caseFieldKey, ipFieldKey } from './errors'
import { buildCaseInput, ipNumberChecked, ipRightIds, ipRightInput, missingFields, type IpRow, type NewCaseForm, type PartyRow } from './form'
import { agencyMayOwn, candidateAgencies, defaultAgency, defaultRole, kindFields, offeredKinds, rolesForKind } from './kinds'
import { createLiveValidator, liveState, normalizedHint, type LiveState } from './live'

// A failure already shown next to its field.
class Shown extends Error {}

export function useNewCase() {
  const route = useRoute()
  const router = useRouter()
  const dict = useDictStore()
  const user = useUserStore()

  const agencies = shallowRef<Agency[]>([])
  const ready = ref(false)
  const busy = ref(false)
  // Errors by form key ('title', 'parties.0.uscc'): the client's and the server's.
  const errors = reactive<Record<string, string>>({})
  let nextKey = 1

  const form = reactive<NewCaseForm>({
    kind: '',
    agency_id: undefined,
    title: '',
    procedure: 'ordinary',
    handler_id: undefined,
    received_on: '',
    filed_on: '',
    claim: '',
    tags: [],
    summary: '',
    parties: [],
    ipRights: [],
  })

  const ownAgencyId = computed(() => user.session?.agency_id ?? user.user?.agency_id ?? 0)
  const candidates = computed(() => candidateAgencies(agencies.value, ownAgencyId.value, user.session?.data_scope ?? 'agency'))
  const kinds = computed(() => offeredKinds(dict.options('case_kind').map((o) => o.value), candidates.value))
  const fields = computed(() => kindFields(form.kind))
  const roleOptions = computed(() => rolesForKind(form.kind).map((r) => ({ value: r, label: dict.label('party_role', r) })))
  const agencyEnabled = (a: Agency) => candidates.value.some((c) => c.id === a.id) && (!form.kind || agencyMayOwn(a, form.kind))
  const mayCreateIp = computed(() => user.can('ip:record:create'))

  onMounted(async () => {
    try {
      await dict.load()
      agencies.value = await loadAgencies()
    } catch {
      // The HTTP client has said why.
    }
    ready.value = true
    const wanted = typeof route.query.kind === 'string' ? route.query.kind : ''
    if (kinds.value.includes(wanted)) form.kind = wanted
    else if (kinds.value.length === 1) form.kind = kinds.value[0]
  })

  // A new kind: an agency that may hold it, and party roles that fit it.
  watch(
    () => form.kind,
    (kind) => {
      if (!kind) return
      const current = agencies.value.find((a) => a.id === form.agency_id)
      if (!current || !agencyEnabled(current)) form.agency_id = defaultAgency(kind, candidates.value, ownAgencyId.value)
      const roles = rolesForKind(kind)
      form.parties.forEach((p, i) => {
        if (!roles.includes(p.role)) p.role = defaultRole(kind, i)
      })
      delete errors.kind
    },
  )
  watch(
    () => form.agency_id,
    () => {
      form.handler_id = undefined
    },
  )

  // ---- errors -----------------------------------------------------------------------------
  function clearError(key: string) {
    delete errors[key]
  }
  function clearErrors(prefix?: string) {
    for (const k of Object.keys(errors)) if (!prefix || k === prefix || k.startsWith(`${prefix}.`)) delete errors[k]
  }
  async function revealFirstError() {
    await nextTick()
    document.querySelector('.new-case .el-form-item.is-error')?.scrollIntoView({ block: 'center', behavior: 'smooth' })
  }

  // ---- live identifier checks ------------------------------------------------------------
  const live = createLiveValidator((type, value) => validate(type, value))
  // The error a live-checked field shows: the server's answer to the last submit, else the
  // live check's reason for the value as it is now.
  function liveError(key: string, state: LiveState, current: string): string {
    if (errors[key]) return errors[key]
    return state.valid === false && state.value === current.trim() ? state.reason : ''
  }
  const hint = normalizedHint
  function onIdentifierInput(key: string, state: LiveState, type: ValidationType, value: string) {
    clearError(key)
    live.schedule(state, type, value)
  }
  function onIdentifierBlur(state: LiveState, type: ValidationType, value: string) {
    void live.flush(state, type, value)
  }

  // ---- parties ------------------------------------------------------------------------------
  function addParty() {
    const row: PartyRow = {
      key: nextKey++,
      role: defaultRole(form.kind, form.parties.length),
      mode: 'new',
      party_id: undefined,
      type: 'organization',
      name: '',
      uscc: '',
      id_number: '',
      phone: '',
      address: '',
      live: { uscc: liveState(), id_number: liveState() },
    }
    form.parties.push(row)
    clearError('parties')
  }
  function removeParty(index: number) {
    const [row] = form.parties.splice(index, 1)
    if (row) {
      live.cancel(row.live.uscc)
      live.cancel(row.live.id_number)
    }
    // Row errors are by index: they no longer fit.
    clearErrors('parties')
  }
  function onPartyModeChange(index: number) {
    clearErrors(`parties.${index}`)
  }
  function onPartyTypeChange(row: PartyRow, index: number) {
    clearErrors(`parties.${index}`)
    if (row.type === 'organization') live.cancel(row.live.id_number)
    else live.cancel(row.live.uscc)
  }

  // ---- IP rights ----------------------------------------------------------------------------
  function addIpRight() {
    form.ipRights.push({
      key: nextKey++,
      mode: mayCreateIp.value ? 'new' : 'existing',
      ip_right_id: undefined,
      type: '',
      number: '',
      title: '',
      nice_class: undefined,
      resolved_id: undefined,
      live: { number: liveState() },
    })
    clearError('ip_rights')
  }
  function removeIpRight(index: number) {
    const [row] = form.ipRights.splice(index, 1)
    if (row) live.cancel(row.live.number)
    clearErrors('ip_rights')
  }
  // Any edit of a new right: it is registered again (or found) on the next submit.
  function onIpEdit(row: IpRow, index: number, field: string) {
    row.resolved_id = undefined
    clearError(`ip_rights.${index}.${field}`)
  }
  function onIpNumberInput(row: IpRow, index: number) {
    onIpEdit(row, index, 'number')
    if (ipNumberChecked(row)) live.schedule(row.live.number, 'patent_number', row.number)
    else live.cancel(row.live.number)
  }
  function onIpTypeChange(row: IpRow, index: number) {
    onIpEdit(row, index, 'type')
    clearError(`ip_rights.${index}.number`)
    clearError(`ip_rights.${index}.nice_class`)
    if (ipNumberChecked(row) && row.number.trim()) void live.flush(row.live.number, 'patent_number', row.number)
    else live.cancel(row.live.number)
  }

  // ---- submit -------------------------------------------------------------------------------
  // Every live check answered, then whether any says no.
  async function liveChecksFail(): Promise<boolean> {
    const waits: Promise<void>[] = []
    for (const p of form.parties) {
      if (p.mode !== 'new') continue
      if (p.type === 'organization') waits.push(live.flush(p.live.uscc, 'uscc', p.uscc))
      else waits.push(live.flush(p.live.id_number, 'id_number', p.id_number))
    }
    for (const r of form.ipRights) if (ipNumberChecked(r)) waits.push(live.flush(r.live.number, 'patent_number', r.number))
    await Promise.all(waits)
    const partyBad = form.parties.some(
      (p) => p.mode === 'new' && (p.type === 'organization' ? p.uscc.trim() && p.live.uscc.valid === false : p.id_number.trim() && p.live.id_number.valid === false),
    )
    const ipBad = form.ipRights.some((r) => ipNumberChecked(r) && r.number.trim() && r.live.number.valid === false)
    return partyBad || ipBad
  }

  // New IP rights: found by type and number when already registered, else registered now.
  async function resolveIpRights(): Promise<void> {
    for (const [i, row] of form.ipRights.entries()) {
      if (row.mode !== 'new' || row.resolved_id) continue
      const input = ipRightInput(row)
      try {
        if (input.number) {
          const found = await listIpRights({ type: input.type, number: input.number, limit: 1 }, { silent: true })
          if (found.items[0]) {
            row.resolved_id = found.items[0].id
            continue
          }
        }
        row.resolved_id = (await createIpRight(input, { silent: true })).id
      } catch (e) {
        const err = e as ApiError
        errors[ipFieldKey(i, err.field)] = err.message
        throw new Shown(err.message)
      }
    }
  }

  async function submit() {
    clearErrors()
    for (const m of missingFields(form, fields.value.claim)) {
      if ('message' in m) errors[m.key] = t(`cases.new.${m.message}`)
      else errors[m.key] = t(m.select ? 'cases.new.pleaseSelect' : 'cases.new.required', { field: t(m.field) })
    }
    busy.value = true
    try {
      const liveBad = await liveChecksFail()
      if (liveBad || Object.keys(errors).length) {
        ElMessage({ type: 'warning', message: t('cases.new.fixErrors'), grouping: true })
        await revealFirstError()
        return
      }
      await resolveIpRights()
      const { ids, rowOf } = ipRightIds(form.ipRights)
      try {
        const created = await createCase(buildCaseInput(form, ids), { silent: true })
        ElMessage({ type: 'success', message: t('cases.new.created') })
        const to = { name: 'case-detail', params: { id: created.id } }
        // The case exists now: should the page fail to load (a new deployment's chunks), load it
        // in full rather than leave the form to be sent twice.
        await router.push(to).catch(() => window.location.assign(router.resolve(to).href))
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e))
        const key = caseFieldKey(err.field, {
          partyModes: form.parties.map((p) => p.mode),
          ipRowOf: rowOf,
          ipModes: form.ipRights.map((r) => r.mode),
        })
        if (key) errors[key] = err.message
        else ElMessage({ type: 'error', message: err.message, grouping: true })
      }
    } catch (e) {
      if (!(e instanceof Shown)) ElMessage({ type: 'error', message: (e as Error).message, grouping: true })
    } finally {
      busy.value = false
    }
    if (Object.keys(errors).length) await revealFirstError()
  }

  function cancel() {
    void router.push({ name: 'case-list' })
  }

  return {
    form, errors, ready, busy, kinds, fields, roleOptions, agencyEnabled, mayCreateIp, dict,
    clearError, liveError, hint, onIdentifierInput, onIdentifierBlur,
    addParty, removeParty, onPartyModeChange, onPartyTypeChange, addIpRight, removeIpRight, onIpEdit, onIpNumberInput, onIpTypeChange,
    ipNumberChecked, submit, cancel,
  }
}
