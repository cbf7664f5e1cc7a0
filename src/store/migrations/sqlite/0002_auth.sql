-- People, permissions and the audit trail (issue 4): roles with permission strings and a data
-- scope, login state on users, sessions, API tokens, cross-agency case access and the
-- hash-chained audit log. Permission strings are `module:resource:action` (docs/security.md).

-- A role: its permissions (a JSON array of strings) and its data scope:
--   all | agency | agency_and_below | own_cases | custom (the agencies in role_agencies).
CREATE TABLE roles (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  data_scope  TEXT NOT NULL,
  permissions TEXT NOT NULL,
  -- Shipped roles: their code cannot change and they cannot be deleted.
  builtin     INTEGER NOT NULL DEFAULT 0,
  -- 等保 level 3: administrators and approvers log in with a second factor.
  requires_totp INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

-- The agencies of a role whose data scope is `custom`.
CREATE TABLE role_agencies (
  role_id   INTEGER NOT NULL REFERENCES roles(id),
  agency_id INTEGER NOT NULL REFERENCES agencies(id),
  PRIMARY KEY (role_id, agency_id)
) WITHOUT ROWID;

-- Login state. A user without a password hash cannot log in (handlers created by imports).
ALTER TABLE users ADD COLUMN role_id INTEGER REFERENCES roles(id);
ALTER TABLE users ADD COLUMN password_hash TEXT;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled INTEGER NOT NULL DEFAULT 0;
-- The last TOTP time step accepted, so that a code is never accepted twice (RFC 6238 §5.2).
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until INTEGER;
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_login_at INTEGER;
ALTER TABLE users ADD COLUMN password_changed_at INTEGER;
ALTER TABLE users ADD COLUMN phone TEXT;
ALTER TABLE users ADD COLUMN updated_at INTEGER;
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Browser sessions. The cookie holds a random secret; only its SHA-256 is stored.
CREATE TABLE sessions (
  id            INTEGER PRIMARY KEY,
  secret_hash   TEXT NOT NULL UNIQUE,
  user_id       INTEGER NOT NULL REFERENCES users(id),
  csrf_token    TEXT NOT NULL,
  ip            TEXT,
  user_agent    TEXT,
  created_at    INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  ended_at      INTEGER
);
CREATE INDEX sessions_user ON sessions(user_id);

-- API tokens for other systems: shown once, stored as SHA-256.
CREATE TABLE api_tokens (
  id            INTEGER PRIMARY KEY,
  uid           TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  secret_hash   TEXT NOT NULL UNIQUE,
  -- The first characters of the token, to recognise it in lists.
  prefix        TEXT NOT NULL,
  role_id       INTEGER NOT NULL REFERENCES roles(id),
  agency_id     INTEGER NOT NULL REFERENCES agencies(id),
  -- Requests per second this token may make; NULL takes the server's default.
  rate_limit    INTEGER,
  created_by    INTEGER REFERENCES users(id),
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER,
  revoked_at    INTEGER,
  last_used_at  INTEGER
);

-- Cross-agency visibility: a case that reached another agency by transfer, diversion or appeal
-- is visible to that agency (and to those whose scope covers it), with the field rules of
-- docs/security.md (personal data always masked). The sharing issue writes these rows.
CREATE TABLE case_access (
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  agency_id   INTEGER NOT NULL REFERENCES agencies(id),
  via_case_id INTEGER REFERENCES cases(id),
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (case_id, agency_id)
) WITHOUT ROWID;
CREATE INDEX case_access_agency ON case_access(agency_id, case_id);

-- Which agency registered a party; a party is visible to its agency and to whoever sees one of
-- its cases.
ALTER TABLE parties ADD COLUMN agency_id INTEGER REFERENCES agencies(id);

-- The audit log. Append-only; id is the position in the hash chain, assigned by the single
-- writer in commit order. hash = SHA-256 over prev_hash and the entry's canonical text
-- (store/audit_chain.h), so that editing, deleting or reordering an entry breaks the chain.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  actor_type  TEXT NOT NULL,      -- user | token | system | anonymous
  actor_id    INTEGER,
  actor_name  TEXT,
  agency_id   INTEGER,
  ip          TEXT,
  action      TEXT NOT NULL,      -- login.success, login.failure, case.create, pii.read, …
  entity      TEXT,
  entity_id   INTEGER,
  outcome     TEXT NOT NULL,      -- success | failure
  detail      TEXT,               -- JSON: before/after of a change, filters of an export, …
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_actor ON audit_log(actor_type, actor_id, id);
CREATE INDEX audit_log_action ON audit_log(action, id);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, id);

-- The shipped roles (shared/API.md "Shipped role codes"; docs/security.md explains each).
INSERT INTO roles (code, name, data_scope, permissions, builtin, requires_totp, created_at, updated_at) VALUES
 ('system_admin', '系统管理员', 'all',
  '["case:record:read","case:record:create","case:record:update","case:record:transfer","case:record:export","case:extension:approve","party:record:read","party:record:create","party:pii:read","ip:record:read","ip:record:create","system:agency:read","system:agency:write","system:user:read","system:user:write","system:role:read","system:role:write","system:token:read","system:token:write","system:audit:read","system:metrics:read","feed:change:read","dashboard:stat:read"]',
  1, 1, 0, 0),
 ('agency_admin', '单位管理员', 'agency_and_below',
  '["case:record:read","party:record:read","ip:record:read","system:agency:read","system:user:read","system:user:write","system:role:read","system:token:read","system:token:write","system:audit:read","dashboard:stat:read"]',
  1, 1, 0, 0),
 ('clerk', '立案登记员', 'agency',
  '["case:record:read","case:record:create","case:record:update","case:record:transfer","case:record:export","party:record:read","party:record:create","party:pii:read","ip:record:read","ip:record:create","system:agency:read","system:user:read","dashboard:stat:read"]',
  1, 0, 0, 0),
 ('handler', '承办人', 'own_cases',
  '["case:record:read","case:record:update","case:record:transfer","party:record:read","party:record:create","party:pii:read","ip:record:read","ip:record:create","system:agency:read","system:user:read"]',
  1, 0, 0, 0),
 ('approver', '审批人', 'agency_and_below',
  '["case:record:read","case:record:update","case:record:export","case:extension:approve","party:record:read","party:pii:read","ip:record:read","system:agency:read","system:user:read","dashboard:stat:read"]',
  1, 1, 0, 0),
 ('supervisor', '监督领导', 'agency_and_below',
  '["case:record:read","case:record:export","party:record:read","ip:record:read","system:agency:read","system:user:read","dashboard:stat:read"]',
  1, 0, 0, 0),
 ('external_system', '外部系统', 'agency_and_below',
  '["case:record:read","case:record:create","case:record:update","party:record:read","party:record:create","ip:record:read","ip:record:create","system:agency:read","feed:change:read"]',
  1, 0, 0, 0);
