// A form's server-side field errors: ApiError.field (a JSON path) shown on the form item of that
// field (`:error="errors.name"`); an error on no known field goes to `general`.
import { reactive, ref } from 'vue'
import { ElMessage } from 'element-plus'
import { ApiError } from '@/utils/http'
import { fieldRoot } from './format'

export function useFieldErrors(fields: string[]) {
  const errors = reactive<Record<string, string>>({})
  const general = ref('')
  function clear() {
    for (const k of Object.keys(errors)) delete errors[k]
    general.value = ''
  }
  // Shows the error where it belongs; a failure with no field is also shown as a message.
  function show(e: unknown) {
    clear()
    const err = e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e))
    const root = fieldRoot(err.field)
    if (err.field && fields.includes(err.field)) errors[err.field] = err.message
    else if (root && fields.includes(root)) errors[root] = err.message
    else {
      general.value = err.message
      ElMessage({ type: 'error', message: err.message, grouping: true })
    }
  }
  return { errors, general, clear, show }
}
