#include "service/case_log.h"

#include <boost/json/serialize.hpp>

#include "base/uuid.h"
#include "register/records.h"

namespace sg::svc {

void LogCaseEvent(store::WriteContext& ctx, int64_t case_id, const char* type,
                  std::optional<int64_t> actor, std::optional<std::string> effective_on,
                  const boost::json::object* before, const boost::json::object* after) {
  reg::NewEvent e;
  e.uid = NewUuidV7(ctx.now());
  e.case_id = case_id;
  e.type = type;
  e.actor_id = actor;
  e.at = ctx.now();
  e.effective_on = std::move(effective_on);
  if (before) e.before = boost::json::serialize(*before);
  if (after) e.after = boost::json::serialize(*after);
  reg::InsertEvent(ctx.conn(), e);
}

void LogCaseChange(store::WriteContext& ctx, const char* type, const boost::json::object& c,
                   const auth::Actor& actor, const boost::json::object* before,
                   const boost::json::object* fields) {
  boost::json::object data{{"kind", c.at("kind")},
                           {"agency_id", c.at("agency_id")},
                           {"status", c.at("status")},
                           {"version", c.at("version")}};
  if (fields) data["fields"] = *fields;
  ctx.AppendChange(type, "case", c.at("id").as_int64(), c.at("uid").as_string(),
                   boost::json::serialize(data));
  auto audit = actor.Audit(std::string("case.") + type, "case", c.at("id").as_int64());
  boost::json::object detail;
  detail["before"] = before ? boost::json::value(*before) : nullptr;
  detail["after"] = fields ? *fields : c;
  audit.detail = boost::json::serialize(detail);
  ctx.AppendAudit(std::move(audit));
}

}  // namespace sg::svc
