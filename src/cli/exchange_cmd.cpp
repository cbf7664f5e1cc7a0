// `shenguan import` and `shenguan export` (exchange/exchange.h): the same files as
// POST /api/v1/imports and GET /api/v1/exports/{entity}, run as the system.
#include <boost/json/serialize.hpp>
#include <fstream>
#include <iostream>
#include <iterator>

#include "auth/principal.h"
#include "base/errors.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "exchange/exchange.h"
#include "service/calendar_service.h"

namespace sg::cli {
namespace {

auth::Actor SystemActor() {
  return auth::Actor{std::make_shared<auth::Principal>(auth::SystemPrincipal()), "cli"};
}

std::string Describe(const ApiError& e) {
  return e.field().empty() ? e.message() : e.field() + ": " + e.message();
}

}  // namespace

int Import(const ImportCmdOptions& o) {
  try {
    auto file = std::make_shared<exch::ImportFile>();
    auto entity = exch::ParseEntity(o.entity);
    if (!entity) return Fail("--entity must be cases, parties or ip_rights");
    file->options.entity = *entity;
    auto format = o.format ? exch::ParseFormat(*o.format) : exch::FormatFromFileName(o.file);
    if (!format) {
      return Fail(o.format ? "--format must be csv, xlsx or ndjson"
                           : "cannot tell the format from the file name; pass --format");
    }
    file->options.format = *format;
    if (o.mapping) {
      auto mapping = exch::ParseMapping(*o.mapping);
      if (!mapping) return Fail("--mapping must be hotline_12315 or hotline_12345");
      file->options.mapping = *mapping;
      if (*mapping != exch::Mapping::kColumns && *entity != exch::Entity::kCases) {
        return Fail("hotline work orders import as cases (--entity cases)");
      }
    }
    file->options.partial = o.partial;
    file->options.dry_run = o.dry_run;
    file->options.source_system = o.source_system;
    {
      std::ifstream in(o.file, std::ios::binary);
      if (!in) return Fail("cannot read " + o.file);
      file->bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      if (in.bad()) return Fail("cannot read all of " + o.file);
    }
    auto clock = MakeClock(o.time);
    auto db = OpenForCommand(o.db, *clock, /*migrate=*/false);
    std::shared_ptr<const cal::Calendar> calendar;
    {
      auto reader = db->Reader();
      calendar = svc::LoadCalendar(*reader);
    }
    const svc::Clockwork work{wf::Registry::Builtin(), calendar, clock->Today()};
    const exch::ImportReport report = exch::RunImport(db->writer(), file, SystemActor(), work);
    if (o.json) {
      std::cout << boost::json::serialize(report.ToJson()) << "\n";
    } else {
      for (const auto& r : report.rejected) {
        std::cout << "第 " << r.line << " 行" << (r.field.empty() ? "" : " [" + r.field + "]")
                  << "：" << r.reason << "\n";
      }
      std::cout << (report.dry_run   ? "试导入（未保存）"
                    : report.refused ? "未导入"
                                     : "导入完成")
                << "：新增 " << report.accepted << " 条，已存在未变 " << report.unchanged
                << " 条，拒绝 " << report.rejected.size() << " 行";
      if (report.id) std::cout << "（导入记录 " << *report.id << "）";
      std::cout << "\n";
      if (report.refused) {
        std::cout << "全部或全不模式下有行被拒绝，未保存任何数据；可修正后重试，或加 --partial "
                     "只导入有效的行。\n";
      }
    }
    return report.refused ? 1 : 0;
  } catch (const ApiError& e) {
    return Fail(Describe(e));
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

int Export(const ExportCmdOptions& o) {
  try {
    auto entity = exch::ParseEntity(o.entity);
    if (!entity) return Fail("--entity must be cases, parties or ip_rights");
    auto format = exch::ParseExportFormat(o.format);
    if (!format) return Fail("--format must be csv, csv_gb18030, xlsx or ndjson");
    auto params = Params::Parse(o.query);
    if (!params) return Fail("--query is not a valid query string");
    auto clock = MakeClock(o.time);
    auto db = OpenForCommand(o.db, *clock, /*migrate=*/false);
    auto exporter = exch::MakeExporter(*db, *entity, *format, *params,
                                       std::make_shared<auth::Principal>(auth::SystemPrincipal()),
                                       clock->Today());
    std::ofstream file;
    if (o.out) {
      file.open(*o.out, std::ios::binary | std::ios::trunc);
      if (!file) return Fail("cannot write " + *o.out);
    }
    std::ostream& out = o.out ? static_cast<std::ostream&>(file) : std::cout;
    std::string chunk;
    while (exporter->Next(chunk))
      out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    out.flush();
    if (!out) return Fail("could not write the whole export");
    return 0;
  } catch (const ApiError& e) {
    return Fail(Describe(e));
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

}  // namespace sg::cli
