-- Bulk exchange (issue 6, "Bulk exchange"): a record of every import that stored something, and
-- which records each import created, so that an imported case, party or IP right names who
-- imported it and from which file. IP rights become idempotent by (source_system, external_id)
-- like cases and parties (docs/data-exchange.md).

-- One row per import that was stored (dry runs and refused all-or-nothing imports leave none).
CREATE TABLE imports (
  id            INTEGER PRIMARY KEY,
  uid           TEXT NOT NULL UNIQUE,
  entity        TEXT NOT NULL,      -- cases | parties | ip_rights
  format        TEXT NOT NULL,      -- csv | xlsx | ndjson
  mapping       TEXT,               -- hotline_12315 | hotline_12345, or NULL for the column mapping
  mode          TEXT NOT NULL,      -- all | partial
  file_sha256   TEXT NOT NULL,
  accepted      INTEGER NOT NULL,
  rejected      INTEGER NOT NULL,
  unchanged     INTEGER NOT NULL,
  actor_type    TEXT NOT NULL,      -- user | token | system
  actor_id      INTEGER,
  actor_name    TEXT,
  agency_id     INTEGER,
  created_at    INTEGER NOT NULL
);

-- The records an import created, with the line of the file each came from.
CREATE TABLE import_records (
  entity     TEXT NOT NULL,         -- case | party | ip_right
  entity_id  INTEGER NOT NULL,
  import_id  INTEGER NOT NULL REFERENCES imports(id),
  line       INTEGER NOT NULL,
  PRIMARY KEY (entity, entity_id)
) WITHOUT ROWID;
CREATE INDEX import_records_import ON import_records(import_id);

CREATE UNIQUE INDEX ip_rights_external ON ip_rights(source_system, external_id)
  WHERE external_id IS NOT NULL;
