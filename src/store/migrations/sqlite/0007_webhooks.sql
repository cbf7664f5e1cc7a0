-- Webhooks (issue 6, docs/data-exchange.md "Webhooks"): subscriptions of other systems to the
-- change feed, an outbox of deliveries queued by the writer in the same transaction as each change
-- (store::WriteContext::AppendChange), the attempts made, and notifications to owners.

-- A subscription. Its owner (an API token or a user) is the principal whose permissions and data
-- scope decide, at delivery time, which changes it receives. The secret signs every delivery
-- (HMAC-SHA256); it must be kept in clear to sign, so it is stored as given and shown once.
CREATE TABLE webhook_subscriptions (
  id               INTEGER PRIMARY KEY,
  uid              TEXT NOT NULL UNIQUE,
  name             TEXT NOT NULL,
  url              TEXT NOT NULL,
  secret           TEXT NOT NULL,
  events           TEXT NOT NULL,              -- JSON array of filters, as given
  owner_type       TEXT NOT NULL,              -- user | token
  owner_id         INTEGER NOT NULL,
  owner_agency_id  INTEGER REFERENCES agencies(id),
  status           TEXT NOT NULL,              -- active | disabled
  disabled_reason  TEXT,                       -- dead_letter | owner_unavailable | manual
  disabled_at      INTEGER,
  delivered_count  INTEGER NOT NULL DEFAULT 0,
  failed_attempts  INTEGER NOT NULL DEFAULT 0, -- every failed attempt, all time
  dead_count       INTEGER NOT NULL DEFAULT 0,
  filtered_count   INTEGER NOT NULL DEFAULT 0,
  last_delivered_at INTEGER,
  last_failure_at  INTEGER,
  last_error       TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
);
CREATE INDEX webhook_subscriptions_owner ON webhook_subscriptions(owner_type, owner_id, id);

-- One row per event filter of a subscription: '*', '<entity>.*' or '<entity>.<type>'. The writer
-- looks changes up here by exact key (three keys per change), so a register without
-- subscriptions pays one empty index probe per change.
CREATE TABLE webhook_filters (
  event            TEXT NOT NULL,
  subscription_id  INTEGER NOT NULL REFERENCES webhook_subscriptions(id),
  PRIMARY KEY (event, subscription_id)
);
CREATE INDEX webhook_filters_subscription ON webhook_filters(subscription_id);

-- The outbox: one row per change and matching subscription, inserted in the change's own
-- transaction. pending → delivered | filtered (the owner may not see the change) | dead (retries
-- exhausted; re-sendable). A subscription's deliveries go out in seq order.
CREATE TABLE webhook_deliveries (
  id               INTEGER PRIMARY KEY,
  subscription_id  INTEGER NOT NULL REFERENCES webhook_subscriptions(id),
  seq              INTEGER NOT NULL,            -- changes.seq
  status           TEXT NOT NULL,               -- pending | delivered | filtered | dead
  attempts         INTEGER NOT NULL DEFAULT 0,  -- since queued or last re-sent
  next_attempt_at  INTEGER NOT NULL,
  last_attempt_at  INTEGER,
  last_status_code INTEGER,
  last_error       TEXT,
  delivered_at     INTEGER,
  dead_at          INTEGER,
  created_at       INTEGER NOT NULL,
  UNIQUE (subscription_id, seq)
);
-- The worker's "first pending delivery of each subscription" and the lists by status.
CREATE INDEX webhook_deliveries_queue ON webhook_deliveries(subscription_id, status, seq);

-- Every attempt to deliver: what the receiver answered (or why there was no answer).
CREATE TABLE webhook_attempts (
  id           INTEGER PRIMARY KEY,
  delivery_id  INTEGER NOT NULL REFERENCES webhook_deliveries(id),
  at           INTEGER NOT NULL,
  status_code  INTEGER,                         -- NULL: no HTTP answer (refused, timeout, …)
  error        TEXT,
  duration_ms  INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id, id);

-- Messages to a user or a token's owner (GET /api/v1/notifications): for now, that a webhook
-- subscription was disabled after repeated failure.
CREATE TABLE notifications (
  id              INTEGER PRIMARY KEY,
  recipient_type  TEXT NOT NULL,                -- user | token
  recipient_id    INTEGER NOT NULL,
  kind            TEXT NOT NULL,                -- webhook.disabled
  message         TEXT NOT NULL,                -- Chinese
  entity          TEXT,
  entity_id       INTEGER,
  created_at      INTEGER NOT NULL,
  read_at         INTEGER
);
CREATE INDEX notifications_recipient ON notifications(recipient_type, recipient_id, id);

-- Webhook permissions (docs/security.md): appended to the shipped roles' lists, whatever else
-- later migrations added to them.
UPDATE roles SET permissions = substr(permissions, 1, length(permissions) - 1) ||
    ',"feed:webhook:read","feed:webhook:write"]'
  WHERE code IN ('system_admin', 'agency_admin', 'external_system')
    AND permissions NOT LIKE '%feed:webhook:%';
