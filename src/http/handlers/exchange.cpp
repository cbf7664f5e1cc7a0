// /api/v1/imports and /api/v1/exports/{entity}: bulk exchange (shared/API.md "Imports",
// "Exports"; docs/data-exchange.md).
#include <boost/json/serialize.hpp>

#include "exchange/exchange.h"
#include "http/handlers/common.h"
#include "http/handlers/routes.h"
#include "service/imports.h"

namespace sg::http {
namespace {

// Uploads of whole files: a million-row CSV is about 200 MiB. Only this route takes more than the
// server's default limit (Route::body_limit; the server reads the header first).
constexpr size_t kImportBodyLimit = size_t{256} << 20;

constexpr std::string_view kUploadTypes[] = {
    "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/x-ndjson", "application/ndjson", "application/octet-stream"};

std::string_view MediaType(const Request& req) {
  std::string_view ct = req.Header("content-type");
  ct = ct.substr(0, ct.find(';'));
  while (!ct.empty() && ct.back() == ' ') ct.remove_suffix(1);
  return ct;
}

const char* CreatePermission(exch::Entity entity) {
  switch (entity) {
    case exch::Entity::kCases:
      return "case:record:create";
    case exch::Entity::kParties:
      return "party:record:create";
    case exch::Entity::kIpRights:
      return "ip:record:create";
  }
  return "case:record:create";
}

}  // namespace

void AddExchangeRoutes(Router& router, App& app) {
  // The route asks for case:record:create (the permission matrix's rule imports cases); the
  // entity's own create permission is checked here as well.
  router
      .Add("POST", "/api/v1/imports", "case:record:create",
           [&app](Request& req, Reply reply) {
             const std::string_view media = MediaType(req);
             bool known = false;
             for (auto t : kUploadTypes) known = known || media == t;
             if (!known) {
               throw ApiError(ErrorCode::kUnsupportedMediaType,
                              "请以文件原始内容作为请求体提交，Content-Type 为 text/csv、"
                              "application/x-ndjson、XLSX 的类型或 application/octet-stream");
             }
             auto file = std::make_shared<exch::ImportFile>();
             file->options = exch::ParseImportParams(req.QueryParams(), media);
             const char* perm = CreatePermission(file->options.entity);
             if (!req.Caller().Has(perm)) {
               throw ApiError(ErrorCode::kForbidden,
                              std::string("您没有此操作的权限（") + perm + "）");
             }
             file->bytes = std::move(req.body);
             exch::CheckImportHeader(*file);
             auto report = std::make_shared<exch::ImportReport>();
             const svc::Clockwork clock{*app.workflows, app.Calendar(), Today(app)};
             app.db.writer().Submit(
                 exch::MakeImportJob(file, req.Actor(), clock, report),
                 [reply = std::move(reply), report](const std::exception_ptr& e) {
                   if (e && !exch::IsPlannedRollback(e)) return reply(ErrorFromException(e));
                   boost::json::object body = report->ToJson();
                   if (report->refused) {
                     // shared/API.md: every 4xx has an error body; the report comes beside it.
                     body["error"] = boost::json::object{
                         {"code", "unprocessable"},
                         {"message", "有 " + std::to_string(report->rejected.size()) +
                                         " 行未通过校验，整个文件均未导入：请按 rejected "
                                         "逐行修正后重新导入，或以 mode=partial 只导入有效的行"}};
                   }
                   reply(Json(report->HttpStatus(), body));
                 });
           })
      .body_limit = kImportBodyLimit;

  // The stored imports and their reports, with the permission that imports.
  router.Add("GET", "/api/v1/imports", "case:record:create", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, svc::ListImports(*reader, req.Caller(), req.QueryParams()));
             }));
  router.Add("GET", "/api/v1/imports/{id}", "case:record:create", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, svc::GetImport(*reader, req.Caller(), req.Id()));
             }));

  router.Add(
      "GET", "/api/v1/exports/{entity}", "case:record:export", [&app](Request& req, Reply reply) {
        const auto entity = exch::ParseEntity(req.path_args.at(0));
        if (!entity) ThrowNotFound("导出对象应为 cases、parties 或 ip_rights");
        const Params params = req.QueryParams();
        const auto format = exch::ParseExportFormat(params.Get("format").value_or("csv"));
        if (!format) ThrowInvalidField("format", "应为 csv、csv_gb18030、xlsx 或 ndjson");
        // Filters are checked now (400), before anything is sent.
        std::shared_ptr<exch::Exporter> exporter =
            exch::MakeExporter(app.db, *entity, *format, params, req.principal, Today(app));
        Response r;
        r.content_type = exporter->ContentType();
        r.SetHeader("Content-Disposition", Disposition("shenguan-export", exporter->FileName()));
        r.SetHeader("Cache-Control", "no-store");
        r.stream = [exporter](std::string& chunk) { return exporter->Next(chunk); };
        // The export is audited before it starts; one that may show personal data unmasked
        // (party:pii:read, for the caller's own agency's parties) also as a pii.read.
        const std::string what(exch::EntityName(*entity));
        const bool pii = exch::ExportMayShowPii(req.Caller(), *entity);
        SubmitWrite(app, std::move(reply),
                    [r, what, pii, actor = req.Actor(), path = req.path,
                     query = req.query](store::WriteContext& ctx) {
                      const std::string detail = boost::json::serialize(
                          boost::json::object{{"path", path}, {"query", query}});
                      auto audit = actor.Audit("export." + what, what);
                      audit.detail = detail;
                      ctx.AppendAudit(std::move(audit));
                      if (pii) {
                        auto read = actor.Audit("pii.read", "party");
                        read.detail = detail;
                        ctx.AppendAudit(std::move(read));
                      }
                      return r;
                    });
      });
}

}  // namespace sg::http
