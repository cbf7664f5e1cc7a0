// Bulk exchange (shared/API.md "Imports" and "Exports", docs/data-exchange.md): importing cases,
// parties and IP rights from CSV (UTF-8 with or without BOM, or GB18030), XLSX and NDJSON files,
// and exporting them in the same formats.
//
// Import. A file is one job on the single writer, so that the default all-or-nothing mode leaves
// the database exactly as it was when any row is refused, and `partial` stores the valid rows.
// The file is read, validated and stored in one streaming pass inside that job: a million-row
// file never becomes a million parsed records in memory. Only the header is read beforehand
// (CheckImportHeader), so that an unreadable file or an unknown column answers 400 without
// reaching the writer. Rows are idempotent: a row whose record already exists (by uid, by
// (source_system, external_id), and for parties by USCC or ID number, for IP rights by type and
// number) is counted as `unchanged` and never updated.
//
// Export. An Exporter produces the file chunk by chunk from pages of records read with the
// caller's data scope and masking, so that a large export never sits in memory (XLSX goes through
// a temporary file, which libxlsxwriter's constant_memory mode writes row by row).
//
// Thread-safety: the functions are plain; an Exporter is used by one thread at a time.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "base/civil_time.h"
#include "base/params.h"
#include "service/case_actions.h"
#include "store/database.h"
#include "store/writer.h"

namespace sg::exch {

enum class Entity { kCases, kParties, kIpRights };
enum class Format { kCsv, kXlsx, kNdjson };
// The column mapping of a file: ours (Chinese or English headers, docs/data-exchange.md), or
// the work-order export of the 12315 or 12345 hotline platform (cases only).
enum class Mapping { kColumns, kHotline12315, kHotline12345 };
enum class ExportFormat { kCsv, kCsvGb18030, kXlsx, kNdjson };

// Names as they appear in URLs and flags: cases | parties | ip_rights, csv | xlsx | ndjson,
// hotline_12315 | hotline_12345, csv | csv_gb18030 | xlsx | ndjson.
std::optional<Entity> ParseEntity(std::string_view name);
std::string_view EntityName(Entity entity);
std::optional<Format> ParseFormat(std::string_view name);
std::string_view FormatName(Format format);
// The format a file name's extension names (.csv, .xlsx, .ndjson / .jsonl), if any.
std::optional<Format> FormatFromFileName(std::string_view file_name);
std::optional<Mapping> ParseMapping(std::string_view name);
std::string_view MappingName(Mapping mapping);
std::optional<ExportFormat> ParseExportFormat(std::string_view name);

struct ImportOptions {
  Entity entity = Entity::kCases;
  Format format = Format::kCsv;
  Mapping mapping = Mapping::kColumns;
  bool partial = false;  // store the valid rows even when some are rejected
  bool dry_run = false;  // validate and report, store nothing
  // The source system of rows that name none (flag --source-system, query source_system). The
  // hotline mappings set "12315" / "12345".
  std::optional<std::string> source_system;
};

// Reads import options from query parameters (entity, format, mapping, mode, dry_run,
// source_system); 400 naming the parameter when one is missing or invalid. `content_type`
// gives the format when the query does not.
ImportOptions ParseImportParams(const Params& params, std::string_view content_type);

struct Rejection {
  int64_t line = 0;    // the file's line (CSV physical line, XLSX row number, NDJSON line)
  std::string field;   // the column's English name, or "" for the row as a whole
  std::string reason;  // Chinese, fit to show the user
};

struct ImportReport {
  std::optional<int64_t> id;  // the stored import (imports.id); none when nothing was stored
  int64_t accepted = 0;       // rows stored (or, in a dry run, that would be)
  int64_t unchanged = 0;      // rows whose record already existed
  std::vector<Rejection> rejected;
  bool dry_run = false;
  bool refused = false;  // all-or-nothing with rejected rows: nothing stored
  // {id, accepted, unchanged, rejected: [{line, field, reason}], dry_run}
  boost::json::object ToJson() const;
  // 422 when refused, else 200.
  int HttpStatus() const { return refused ? 422 : 200; }
};

// The file as the job reads it: its bytes and the options.
struct ImportFile {
  std::string bytes;
  ImportOptions options;
};

// Opens the file and reads its header: throws ApiError 400 (naming `file` or the header) when the
// file cannot be decoded or parsed as its format, or names a column the mapping does not know.
void CheckImportHeader(const ImportFile& file);

// The writer job of an import. It fills `report` (reset at each run, since the writer may rerun
// a job). An import that stored something is kept (imports, import_records) with its report's
// rejected rows (import_rejections, in report order) in the same transaction, for
// GET /api/v1/imports/{id} (service/imports.h). A dry run or a refused all-or-nothing import ends
// by throwing an exception that IsPlannedRollback recognises, after the report is complete: the
// writer then rolls the job back.
store::WriteJob MakeImportJob(const std::shared_ptr<const ImportFile>& file, auth::Actor actor,
                              svc::Clockwork clock, const std::shared_ptr<ImportReport>& report);
bool IsPlannedRollback(const std::exception_ptr& e);

// Checks the header, runs the job on `writer` and waits: for the CLI and tests. Throws what the
// job throws, except the planned rollback.
ImportReport RunImport(store::Writer& writer, const std::shared_ptr<const ImportFile>& file,
                       const auth::Actor& actor, const svc::Clockwork& clock);

// Produces an export file chunk by chunk.
class Exporter {
 public:
  virtual ~Exporter() = default;
  // Appends the next chunk of the file to `out` (which it clears first). Returns false when the
  // file is complete and nothing was appended.
  virtual bool Next(std::string& out) = 0;
  // MIME type and file name (e.g. 案件导出_20240603.csv) of the file.
  virtual std::string ContentType() const = 0;
  virtual std::string FileName() const = 0;
  // Party records shown with unmasked personal data so far (for the pii.read audit).
  virtual int64_t unmasked() const = 0;
};

// An export of `entity` as the principal may see it, filtered by `filters` (for cases exactly the
// list filters of GET /api/v1/cases; for parties and IP rights those of their lists). Validates
// the filters at once (400 naming the parameter); reads pages from `db`'s reader pool as the
// chunks are pulled. The principal must stay alive while the exporter does.
std::unique_ptr<Exporter> MakeExporter(store::Database& db, Entity entity, ExportFormat format,
                                       const Params& filters,
                                       std::shared_ptr<const auth::Principal> principal,
                                       Date today);

// Whether an export by `p` may show personal data unmasked at all (party:pii:read): such exports
// are audited as pii.read before they start.
bool ExportMayShowPii(const auth::Principal& p, Entity entity);

}  // namespace sg::exch
