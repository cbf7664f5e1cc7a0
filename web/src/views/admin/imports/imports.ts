// The import page's logic: the format from a file's name, the report carried by a refused import
// (422 in mode=all: the report beside the error), who ran a past import.
import type { ImportFormat, ImportReport, ImportSummary, RejectedRow } from '@/api/imports'
import { ApiError } from '@/utils/http'

export function formatFromFileName(name: string): ImportFormat | null {
  const ext = name.toLowerCase().split('.').pop() ?? ''
  if (ext === 'csv' || ext === 'txt') return 'csv'
  if (ext === 'xlsx') return 'xlsx'
  if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson'
  return null
}

function isRejectedRow(v: unknown): v is RejectedRow {
  return !!v && typeof v === 'object' && typeof (v as RejectedRow).line === 'number'
}

// The report inside a failed upload's body (422 in mode=all), or null when the failure is not
// about rows (400 naming file or header, 403, 413, 415, network).
export function reportFromError(e: unknown): ImportReport | null {
  if (!(e instanceof ApiError) || !e.body || typeof e.body !== 'object') return null
  const b = e.body as Record<string, unknown>
  if (!Array.isArray(b.rejected) || typeof b.accepted !== 'number') return null
  return {
    id: typeof b.id === 'number' ? b.id : null,
    accepted: b.accepted,
    unchanged: typeof b.unchanged === 'number' ? b.unchanged : undefined,
    rejected: b.rejected.filter(isRejectedRow),
    dry_run: typeof b.dry_run === 'boolean' ? b.dry_run : undefined,
    error: { code: e.code, message: e.message },
  }
}

// Who ran an import, from whichever of the names the server sends.
export function importerName(item: Partial<ImportSummary>): string {
  for (const key of ['display_name', 'user_display_name', 'user_name', 'created_by_name', 'actor_name', 'username'] as const) {
    const v = (item as Record<string, unknown>)[key]
    if (typeof v === 'string' && v) return v
  }
  const user = (item as Record<string, unknown>).user
  if (user && typeof user === 'object') {
    const u = user as Record<string, unknown>
    if (typeof u.display_name === 'string') return u.display_name
    if (typeof u.username === 'string') return u.username
  }
  return ''
}

// How many rows were rejected, from rejected_count or the rejected list.
export function rejectedCount(item: Partial<ImportSummary> & { rejected?: unknown }): number {
  if (typeof item.rejected_count === 'number') return item.rejected_count
  if (Array.isArray(item.rejected)) return item.rejected.length
  if (typeof item.rejected === 'number') return item.rejected
  return 0
}

export type ImportOutcome = 'dryRun' | 'stored' | 'refused' | 'nothingNew'

export function importOutcome(r: ImportReport): ImportOutcome {
  if (r.error) return 'refused'
  if (r.dry_run) return 'dryRun'
  if (r.id === null && r.accepted === 0) return 'nothingNew'
  return 'stored'
}
