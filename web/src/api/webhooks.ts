// Webhook subscriptions and their deliveries (feed:webhook:read / write; docs/data-exchange.md).
import { del, get, patch, post } from '@/utils/http'

export interface WebhookCounts {
  delivered?: number
  failed_attempts?: number
  dead_lettered?: number
  filtered?: number
  pending?: number
  dead?: number
}
export interface Webhook {
  id: number
  uid: string
  name: string
  url: string
  events: string[]
  owner?: { type: 'user' | 'token'; id: number }
  owner_agency_id?: number | null
  status: 'active' | 'disabled'
  disabled_reason: 'dead_letter' | 'owner_unavailable' | 'manual' | null
  disabled_at: string | null
  counts?: WebhookCounts
  last_delivered_at: string | null
  last_failure_at: string | null
  last_error: string | null
  created_at: string
  updated_at: string
}
// The HMAC key (whsec_…), in the create and rotate answers only.
export interface WebhookWithSecret extends Webhook {
  secret: string
}
export interface NewWebhook {
  url: string
  events: string[]
  name?: string
}
export interface WebhookPatch {
  name?: string
  url?: string
  events?: string[]
  status?: 'active' | 'disabled'
}
export type DeliveryStatus = 'pending' | 'delivered' | 'dead' | 'filtered'
export interface WebhookDelivery {
  id: number
  seq: number
  event: string
  uid: string
  idempotency_key: string
  status: DeliveryStatus
  attempts: number
  next_attempt_at: string | null
  last_attempt_at: string | null
  last_status_code: number | null
  last_error: string | null
  delivered_at: string | null
  dead_at: string | null
  created_at: string
}
export interface DeliveryPage {
  items: WebhookDelivery[]
  next_cursor: string | null
  total?: number
}

export function listWebhooks(): Promise<{ items: Webhook[] }> {
  return get<{ items: Webhook[] }>('/webhooks')
}
export function createWebhook(input: NewWebhook): Promise<WebhookWithSecret> {
  return post<WebhookWithSecret>('/webhooks', input, { silent: true })
}
export function updateWebhook(id: number, change: WebhookPatch, silent = true): Promise<Webhook> {
  return patch<Webhook>(`/webhooks/${id}`, change, { silent, headers: { 'Content-Type': 'application/merge-patch+json' } })
}
export function deleteWebhook(id: number): Promise<void> {
  return del<void>(`/webhooks/${id}`)
}
export function rotateWebhookSecret(id: number): Promise<WebhookWithSecret> {
  return post<WebhookWithSecret>(`/webhooks/${id}/rotate-secret`)
}
export function listDeliveries(id: number, status: DeliveryStatus | undefined, cursor?: string, limit = 20): Promise<DeliveryPage> {
  return get<DeliveryPage>(`/webhooks/${id}/deliveries`, { status: status || undefined, cursor, limit })
}
// Queues one dead letter again (409 unless it is dead).
export function resendDelivery(id: number, deliveryId: number): Promise<WebhookDelivery> {
  return post<WebhookDelivery>(`/webhooks/${id}/deliveries/${deliveryId}/resend`)
}
export function resendDeadDeliveries(id: number): Promise<{ resent: number }> {
  return post<{ resent: number }>(`/webhooks/${id}/resend-dead`)
}
