// Reference data: the dictionary, identifier validation, agencies and users.
#include "core/validation.h"
#include "http/handlers/common.h"
#include "http/handlers/routes.h"
#include "register/dict.h"
#include "service/directory.h"

namespace sg::http {
namespace {

boost::json::value DictJson() {
  boost::json::object out;
  for (const auto& e : reg::Dictionary()) {
    boost::json::array entries;
    for (const auto& entry : e.entries) {
      entries.emplace_back(boost::json::object{{"value", entry.value}, {"label", entry.label}});
    }
    out[e.name] = std::move(entries);
  }
  return out;
}

}  // namespace

void AddReferenceRoutes(Router& router, App& app) {
  router.Add("GET", "/api/v1/dict", kPublic, Sync([dict = DictJson()](Request&) {
               Response r = Json(200, dict);
               r.SetHeader("Cache-Control", "public, max-age=300");
               return r;
             }));

  // Always 200 with the verdict; 400 only for an unknown type or a missing value (shared/API.md).
  router.Add("GET", "/api/v1/validate/{type}", kPublic, Sync([&app](Request& req) {
               const auto params = req.QueryParams();
               const auto value = params.Get("value");
               const std::string& type = req.path_args.at(0);
               const Date today = Today(app);
               if (!value) ThrowInvalidField("value", "缺少要校验的值 value");
               auto res = core::Validate(type, *value, {today.year, today.month, today.day});
               if (!res) {
                 ThrowInvalidField("type",
                                   "不支持的校验类型“" + type +
                                       "”，可选 uscc、id_number、patent_number、case_number");
               }
               boost::json::object parts;
               for (const auto& [k, v] : res->parts) {
                 if (k == "sequence" || k == "year") {
                   parts[k] = std::stoll(v);
                 } else if (k == "legacy") {
                   parts[k] = v == "true";
                 } else {
                   parts[k] = v;
                 }
               }
               return Json(200, boost::json::object{{"valid", res->valid},
                                                    {"normalized", res->normalized},
                                                    {"parts", std::move(parts)},
                                                    {"reason", res->reason}});
             }));

  router.Add("GET", "/api/v1/agencies", "system:agency:read", Sync([&app](Request&) {
               auto reader = app.db.Reader();
               return Json(200, svc::ListAgencies(*reader));
             }));
  router.Add("GET", "/api/v1/agencies/{id}", "system:agency:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(200, svc::GetAgency(*reader, req.Id()));
             }));
  router.Add("POST", "/api/v1/agencies", "system:agency:write", [&app](Request& req, Reply reply) {
    auto body = std::make_shared<boost::json::value>(ReadJsonBody(req));
    SubmitWrite(app, std::move(reply), [body, actor = req.Actor()](store::WriteContext& ctx) {
      auto a = svc::CreateAgency(ctx, *body, actor);
      return Created(a, "/api/v1/agencies/" + std::to_string(a.at("id").as_int64()));
    });
  });
  router.Add("GET", "/api/v1/users", "system:user:read", Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               return Json(
                   200, svc::ListUsers(*reader, req.Caller(), req.QueryParams(), app.clock.Now()));
             }));
}

}  // namespace sg::http
