// Reference data: the dictionary of enums and identifier validation (API.md).
import { get } from '@/utils/http'

export interface DictEntry {
  value: string
  label: string
}
export type Dict = Record<string, DictEntry[]>

export function getDict(): Promise<Dict> {
  return get<Dict>('/dict')
}

export type ValidationType = 'uscc' | 'id_number' | 'patent_number' | 'case_number'
export interface ValidationResult {
  valid: boolean
  normalized: string
  parts: Record<string, unknown>
  reason: string
}
// Always 200 for a known type (API.md "Validation"): the rules live on the server only.
export function validate(type: ValidationType, value: string): Promise<ValidationResult> {
  return get<ValidationResult>(`/validate/${type}`, { value }, { silent: true })
}
