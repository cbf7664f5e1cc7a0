// The import job: one pass over the file inside the single writer, with the report of every row.
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "auth/crypto.h"
#include "base/errors.h"
#include "base/uuid.h"
#include "exchange/columns.h"
#include "exchange/import_rows.h"

namespace sg::exch {
namespace {

constexpr std::string_view kInsertImport =
    "INSERT INTO imports (uid, entity, format, mapping, mode, file_sha256, accepted, rejected, "
    "unchanged, actor_type, actor_id, actor_name, agency_id, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, ?)";
constexpr std::string_view kFinishImport =
    "UPDATE imports SET accepted = ?, rejected = ?, unchanged = ? WHERE id = ?";
constexpr std::string_view kDeleteImport = "DELETE FROM imports WHERE id = ?";
// The report's rejected rows, kept with the import (GET /api/v1/imports/{id}).
constexpr std::string_view kInsertRejection =
    "INSERT INTO import_rejections (import_id, ordinal, line, field, reason) "
    "VALUES (?, ?, ?, ?, ?)";

// Savepoint around each row of a partial import, so that a refused row leaves nothing behind.
constexpr std::string_view kRowSavepoint = "sg_import_row";

// Thrown at the end of a dry run or a refused all-or-nothing import, once the report is complete:
// the writer rolls the job back.
class PlannedRollback final : public std::exception {
 public:
  const char* what() const noexcept override { return "import rolled back as planned"; }
};

std::unique_ptr<RowImporter> MakeImporter(ImportEnv& env) {
  if (env.options.mapping != Mapping::kColumns) return MakeHotlineImporter(env);
  switch (env.options.entity) {
    case Entity::kCases:
      return MakeCaseImporter(env);
    case Entity::kParties:
      return MakePartyImporter(env);
    case Entity::kIpRights:
      return MakeIpRightImporter(env);
  }
  return MakeCaseImporter(env);
}

bool RowIsBlank(const SourceRow& row) {
  for (const auto& c : row.cells) {
    if (!c.empty()) return false;
  }
  return true;
}

// What an XLSX or NDJSON upload is also sent as.
std::optional<Format> FormatFromContentType(std::string_view ct) {
  ct = ct.substr(0, ct.find(';'));
  while (!ct.empty() && ct.back() == ' ') ct.remove_suffix(1);
  if (ct == "text/csv") return Format::kCsv;
  if (ct == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") {
    return Format::kXlsx;
  }
  if (ct == "application/x-ndjson" || ct == "application/ndjson") return Format::kNdjson;
  return std::nullopt;
}

}  // namespace

std::optional<Entity> ParseEntity(std::string_view name) {
  if (name == "cases") return Entity::kCases;
  if (name == "parties") return Entity::kParties;
  if (name == "ip_rights") return Entity::kIpRights;
  return std::nullopt;
}

std::string_view EntityName(Entity entity) {
  switch (entity) {
    case Entity::kCases:
      return "cases";
    case Entity::kParties:
      return "parties";
    case Entity::kIpRights:
      return "ip_rights";
  }
  return "cases";
}

std::optional<Format> ParseFormat(std::string_view name) {
  if (name == "csv") return Format::kCsv;
  if (name == "xlsx") return Format::kXlsx;
  if (name == "ndjson") return Format::kNdjson;
  return std::nullopt;
}

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kCsv:
      return "csv";
    case Format::kXlsx:
      return "xlsx";
    case Format::kNdjson:
      return "ndjson";
  }
  return "csv";
}

std::optional<Format> FormatFromFileName(std::string_view file_name) {
  const size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string ext(file_name.substr(dot + 1));
  for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (ext == "jsonl") return Format::kNdjson;
  return ParseFormat(ext);
}

std::optional<Mapping> ParseMapping(std::string_view name) {
  if (name == "columns") return Mapping::kColumns;
  if (name == "hotline_12315") return Mapping::kHotline12315;
  if (name == "hotline_12345") return Mapping::kHotline12345;
  return std::nullopt;
}

std::string_view MappingName(Mapping mapping) {
  switch (mapping) {
    case Mapping::kColumns:
      return "columns";
    case Mapping::kHotline12315:
      return "hotline_12315";
    case Mapping::kHotline12345:
      return "hotline_12345";
  }
  return "columns";
}

std::optional<ExportFormat> ParseExportFormat(std::string_view name) {
  if (name == "csv") return ExportFormat::kCsv;
  if (name == "csv_gb18030") return ExportFormat::kCsvGb18030;
  if (name == "xlsx") return ExportFormat::kXlsx;
  if (name == "ndjson") return ExportFormat::kNdjson;
  return std::nullopt;
}

ImportOptions ParseImportParams(const Params& params, std::string_view content_type) {
  ImportOptions o;
  const auto bool_param = [&](const char* name) {
    auto v = params.Get(name);
    if (!v || *v == "false" || *v == "0") return false;
    if (*v == "true" || *v == "1" || v->empty()) return true;
    ThrowInvalidField(name, "应为 true 或 false");
  };
  if (auto m = params.Get("mapping")) {
    auto mapping = ParseMapping(*m);
    if (!mapping) ThrowInvalidField("mapping", "应为 columns、hotline_12315 或 hotline_12345");
    o.mapping = *mapping;
  }
  auto entity = params.Get("entity");
  if (!entity && o.mapping != Mapping::kColumns) entity = "cases";
  if (!entity) ThrowInvalidField("entity", "须指定 entity：cases、parties 或 ip_rights");
  auto e = ParseEntity(*entity);
  if (!e) ThrowInvalidField("entity", "应为 cases、parties 或 ip_rights");
  o.entity = *e;
  if (o.mapping != Mapping::kColumns && o.entity != Entity::kCases) {
    ThrowInvalidField("mapping", "热线工单只能导入为案件（entity=cases）");
  }
  if (auto f = params.Get("format")) {
    auto format = ParseFormat(*f);
    if (!format) ThrowInvalidField("format", "应为 csv、xlsx 或 ndjson");
    o.format = *format;
  } else if (auto format = FormatFromContentType(content_type)) {
    o.format = *format;
  } else {
    ThrowInvalidField("format",
                      "须指定 format（csv、xlsx 或 ndjson），或以相应的 Content-Type 提交");
  }
  if (auto mode = params.Get("mode")) {
    if (*mode != "all" && *mode != "partial") ThrowInvalidField("mode", "应为 all 或 partial");
    o.partial = *mode == "partial";
  }
  o.dry_run = bool_param("dry_run");
  if (auto s = params.Get("source_system")) {
    if (s->empty() || s->size() > 64) ThrowInvalidField("source_system", "来源系统应为 1–64 字节");
    o.source_system = *s;
  }
  for (const auto& [k, v] : params.items()) {
    if (k != "entity" && k != "format" && k != "mode" && k != "dry_run" && k != "mapping" &&
        k != "source_system") {
      throw ApiError(ErrorCode::kUnknownField, "未知的查询参数“" + k + "”", k);
    }
  }
  return o;
}

boost::json::object ImportReport::ToJson() const {
  boost::json::array rows;
  rows.reserve(rejected.size());
  for (const auto& r : rejected) {
    rows.push_back(boost::json::object{{"line", r.line}, {"field", r.field}, {"reason", r.reason}});
  }
  boost::json::object o;
  o["id"] = id ? boost::json::value(*id) : nullptr;
  o["accepted"] = accepted;
  o["unchanged"] = unchanged;
  o["rejected"] = std::move(rows);
  o["dry_run"] = dry_run;
  return o;
}

void CheckImportHeader(const ImportFile& file) {
  // The importer's spec needs no database: a throw-away environment would be overkill, so the
  // specs are rebuilt here from the same tables.
  SourceSpec spec;
  if (file.options.mapping != Mapping::kColumns) {
    spec.fields = kHotlineFieldCount;
    spec.resolve = [](std::string_view h) -> std::optional<size_t> {
      auto f = FindHotlineField(h);
      return f ? std::optional<size_t>(static_cast<size_t>(*f)) : std::nullopt;
    };
    spec.strict_headers = false;
  } else {
    const Entity entity = file.options.entity;
    spec.fields = Columns(entity).size();
    spec.resolve = [entity](std::string_view h) { return FindColumn(Columns(entity), h); };
  }
  spec.format = file.options.format;
  if (file.options.mapping != Mapping::kColumns) {
    spec.field_name = HotlineFieldName;
  } else {
    const Entity entity = file.options.entity;
    spec.field_name = [entity](size_t i) { return std::string(Columns(entity)[i].name); };
  }
  if (file.bytes.empty() && file.options.format != Format::kNdjson) {
    ThrowInvalidField("file", "文件是空的");
  }
  OpenSource(file.bytes, spec);  // reads the header row (and, for XLSX, opens the workbook)
}

store::WriteJob MakeImportJob(const std::shared_ptr<const ImportFile>& file, auth::Actor actor,
                              svc::Clockwork clock, const std::shared_ptr<ImportReport>& report) {
  return [file, actor = std::move(actor), clock, report](store::WriteContext& ctx) {
    const ImportOptions& o = file->options;
    *report = ImportReport{};
    report->dry_run = o.dry_run;
    auto& conn = ctx.conn();
    const auth::Principal& who = actor.who();
    const std::string sha = auth::Sha256Hex(file->bytes);
    const std::optional<std::string> mapping =
        o.mapping == Mapping::kColumns ? std::nullopt
                                       : std::optional<std::string>(MappingName(o.mapping));
    const int64_t import_id = conn.Insert(
        kInsertImport, NewUuidV7(ctx.now()), EntityName(o.entity), FormatName(o.format), mapping,
        o.partial ? "partial" : "all", sha, who.ActorType(),
        who.kind == auth::Principal::Kind::kSystem ? std::nullopt : std::optional<int64_t>(who.id),
        who.name, who.agency_id ? std::optional<int64_t>(who.agency_id) : std::nullopt, ctx.now());

    ImportEnv env{ctx, actor, clock, o, import_id};
    auto importer = MakeImporter(env);
    SourceSpec spec = importer->Spec();
    spec.format = o.format;
    auto source = OpenSource(file->bytes, spec);
    SourceRow row;
    while (source->Next(row)) {
      if (row.error) {
        report->rejected.push_back(*row.error);
        continue;
      }
      if (RowIsBlank(row)) continue;
      if (o.partial) conn.Savepoint(kRowSavepoint);
      try {
        if (importer->Import(row) == RowOutcome::kStored) {
          ++report->accepted;
        } else {
          ++report->unchanged;
        }
        if (o.partial) conn.Release(kRowSavepoint);
      } catch (const ApiError& e) {
        if (o.partial) {
          conn.RollbackTo(kRowSavepoint);
          conn.Release(kRowSavepoint);
        }
        report->rejected.push_back({row.line, e.field(), e.message()});
      } catch (const store::DbError& e) {
        if (e.retryable()) throw;
        report->rejected.push_back({row.line, "",
                                    e.constraint() ? "与已登记的记录冲突（唯一性约束），该行未导入"
                                                   : "数据库未能保存该行"});
        if (!o.partial) break;  // the transaction may be unusable; the import is refused anyway
        conn.RollbackTo(kRowSavepoint);
        conn.Release(kRowSavepoint);
      }
    }
    report->refused = !o.partial && !report->rejected.empty();
    if (o.dry_run || report->refused) throw PlannedRollback();
    importer->Finish();

    const auto rejected = static_cast<int64_t>(report->rejected.size());
    if (report->accepted > 0) {
      conn.Exec(kFinishImport, report->accepted, rejected, report->unchanged, import_id);
      int64_t ordinal = 0;
      for (const auto& r : report->rejected) {
        conn.Exec(kInsertRejection, import_id, ordinal++, r.line, r.field, r.reason);
      }
      report->id = import_id;
    } else {
      conn.Exec(kDeleteImport, import_id);  // nothing stored: nothing to point back to
    }
    auto audit = actor.Audit("import." + std::string(EntityName(o.entity)), "import", report->id);
    audit.detail =
        boost::json::serialize(boost::json::object{{"file_sha256", sha},
                                                   {"format", FormatName(o.format)},
                                                   {"mapping", MappingName(o.mapping)},
                                                   {"mode", o.partial ? "partial" : "all"},
                                                   {"accepted", report->accepted},
                                                   {"rejected", rejected},
                                                   {"unchanged", report->unchanged}});
    ctx.AppendAudit(std::move(audit));
  };
}

bool IsPlannedRollback(const std::exception_ptr& e) {
  if (!e) return false;
  try {
    std::rethrow_exception(e);
  } catch (const PlannedRollback&) {
    return true;
  } catch (...) {
    return false;
  }
}

ImportReport RunImport(store::Writer& writer, const std::shared_ptr<const ImportFile>& file,
                       const auth::Actor& actor, const svc::Clockwork& clock) {
  CheckImportHeader(*file);
  auto report = std::make_shared<ImportReport>();
  try {
    writer.Run(MakeImportJob(file, actor, clock, report));
  } catch (...) {
    if (!IsPlannedRollback(std::current_exception())) throw;
  }
  return *report;
}

}  // namespace sg::exch
