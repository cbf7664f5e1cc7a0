// Bulk imports (docs/data-exchange.md "Importing"): the file's raw bytes as the body, the choices
// in the query; and the history of stored imports.
import { get, http, type RequestOptions } from '@/utils/http'

export type ImportEntity = 'cases' | 'parties' | 'ip_rights'
export type ImportFormat = 'csv' | 'xlsx' | 'ndjson'
export type ImportMapping = 'columns' | 'hotline_12315' | 'hotline_12345'
export type ImportMode = 'all' | 'partial'

export interface ImportOptions {
  entity: ImportEntity
  format: ImportFormat
  mapping: ImportMapping
  mode: ImportMode
  dry_run: boolean
  source_system?: string
}
export interface RejectedRow {
  line: number
  field: string
  reason: string
}
export interface ImportReport {
  // The stored import; null when nothing was stored (dry run, refused, nothing new).
  id: number | null
  accepted: number
  unchanged?: number
  rejected: RejectedRow[]
  dry_run?: boolean
  error?: { code: string; message: string }
}
// A row of GET /imports (the fields beyond these vary; readers ignore what they do not know).
export interface ImportSummary {
  id: number
  entity: string
  format: string
  mapping: string
  mode: string
  dry_run: boolean
  accepted: number
  unchanged?: number
  rejected_count: number
  created_at: string
  user_id?: number | null
  user_name?: string | null
  display_name?: string | null
  username?: string | null
  source_system?: string | null
  file_sha256?: string
  [key: string]: unknown
}
export interface ImportDetail extends ImportSummary {
  rejected?: RejectedRow[]
}
export interface ImportPage {
  items: ImportSummary[]
  next_cursor: string | null
  total?: number
}

export const kImportContentTypes: Record<ImportFormat, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ndjson: 'application/x-ndjson',
}

// Sends the file as the raw body. A 422 (mode=all with rejected rows) rejects with an ApiError
// whose `body` is the report.
export async function uploadImport(file: Blob, options: ImportOptions): Promise<ImportReport> {
  const params: Record<string, string> = {
    entity: options.entity,
    format: options.format,
    mapping: options.mapping,
    mode: options.mode,
    dry_run: String(options.dry_run),
  }
  if (options.source_system?.trim()) params.source_system = options.source_system.trim()
  const config: RequestOptions = {
    params,
    headers: { 'Content-Type': kImportContentTypes[options.format] },
    timeout: 600_000,
    silent: true,
  }
  return (await http.post<ImportReport>('/imports', file, config)).data
}
export function listImports(cursor?: string, limit = 20): Promise<ImportPage> {
  return get<ImportPage>('/imports', { cursor, limit }, { silent: true })
}
export function getImport(id: number): Promise<ImportDetail> {
  return get<ImportDetail>(`/imports/${id}`)
}
