-- What the web UI reads back: the rows an import rejected, so that GET
-- /api/v1/imports/{id} gives the whole report later, and who loaded a holiday year, for
-- GET /api/v1/calendar/years, and an index for the approver's list of extension requests.

-- The rejected rows of a stored import, in the order of its report, written in the import's own
-- transaction (exchange/import.cpp). Imports stored before this migration have none.
CREATE TABLE import_rejections (
  import_id  INTEGER NOT NULL REFERENCES imports(id),
  ordinal    INTEGER NOT NULL,      -- 0, 1, 2 … in the order of the report
  line       INTEGER NOT NULL,      -- the file's line (CSV physical line, XLSX row, NDJSON line)
  field      TEXT NOT NULL,         -- the column's English name, or '' for the row as a whole
  reason     TEXT NOT NULL,         -- Chinese, as the report gave it
  PRIMARY KEY (import_id, ordinal)
) WITHOUT ROWID;

-- Who loaded a holiday year (as the audit log names actors); NULL for years loaded before.
ALTER TABLE calendar_years ADD COLUMN actor_type TEXT;   -- user | token | system
ALTER TABLE calendar_years ADD COLUMN actor_id INTEGER;  -- users.id or api_tokens.id
ALTER TABLE calendar_years ADD COLUMN actor_name TEXT;   -- the username or token name

-- The approver's to-do (GET /api/v1/extensions?status=pending), newest first.
CREATE INDEX case_extensions_status ON case_extensions(status, id);
