#include "federation/apply.h"

#include <boost/json/serialize.hpp>
#include <memory>
#include <optional>
#include <stdexcept>

#include "auth/principal.h"
#include "base/uuid.h"
#include "core/text_normalize.h"
#include "register/records.h"
#include "service/case_log.h"
#include "service/cases.h"
#include "service/counters.h"
#include "service/deadlines.h"
#include "service/transfers.h"

namespace sg::fed {
namespace {

namespace json = boost::json;

constexpr std::string_view kAgencyByUid = "SELECT id, origin FROM agencies WHERE uid = ?";
constexpr std::string_view kCaseByUid = "SELECT id FROM cases WHERE uid = ?";
constexpr std::string_view kSetAgencyOrigin = "UPDATE agencies SET origin = ? WHERE id = ?";
constexpr std::string_view kSetCaseOrigin = "UPDATE cases SET origin = ? WHERE id = ?";
constexpr std::string_view kPartyByUscc = "SELECT id FROM parties WHERE uscc = ?";
constexpr std::string_view kPartyByName =
    "SELECT id FROM parties WHERE type = ? AND name_norm = ? AND uscc IS NULL AND "
    "id_number IS NULL ORDER BY id LIMIT 1";
constexpr std::string_view kIpByNumber =
    "SELECT id FROM ip_rights WHERE type = ? AND number_norm = ?";
constexpr std::string_view kTransferByUid =
    "SELECT id, status, to_case_id, from_case_id FROM transfers WHERE uid = ?";
constexpr std::string_view kInsertTransfer =
    "INSERT INTO transfers (uid, type, from_case_id, to_case_id, from_agency_id, to_agency_id, "
    "kind, reason, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)";
constexpr std::string_view kInsertAccess =
    "INSERT INTO case_access (case_id, agency_id, via_case_id, created_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (case_id, agency_id) DO NOTHING";
constexpr std::string_view kAnswer =
    "UPDATE transfers SET status = ?, answer_reason = ?, answered_at = ?, version = version + 1 "
    "WHERE id = ? AND status = 'pending'";

const json::object& Obj(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_object()) {
    throw std::runtime_error("federation: change data lacks object `" + std::string(key) + "`");
  }
  return v->as_object();
}
std::string Str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) {
    throw std::runtime_error("federation: change data lacks text `" + std::string(key) + "`");
  }
  return std::string(v->as_string());
}
std::optional<std::string> OptStr(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

// The actor of everything a follower writes: the program, named as the federation.
auth::Actor FederationActor() {
  auto p = std::make_shared<auth::Principal>(auth::SystemPrincipal());
  p->name = "federation";
  p->display_name = "数据共享（联邦）";
  return {p, ""};
}

// The local id of agency `a` (by uid), inserting a mirror of it when it is unknown.
int64_t MirrorAgency(store::WriteContext& ctx, const std::string& origin, const json::object& a,
                     bool* created = nullptr) {
  const std::string uid = Str(a, "uid");
  if (auto id = ctx.conn().QueryInt(kAgencyByUid, uid)) return *id;
  reg::NewAgency n;
  n.uid = uid;
  n.name = Str(a, "name");
  n.abbr = Str(a, "abbr");
  n.type = Str(a, "type");
  n.court_level = OptStr(a, "court_level");
  n.court_code = OptStr(a, "court_code");
  n.area_code = OptStr(a, "area_code");
  const int64_t id = reg::InsertAgency(ctx.conn(), ctx.now(), n);
  ctx.conn().Exec(kSetAgencyOrigin, origin, id);
  if (created) *created = true;
  return id;
}

int64_t FindOrInsertParty(store::WriteContext& ctx, const json::object& p, int64_t agency) {
  const std::string type = Str(p, "type");
  const std::string name = Str(p, "name");
  const auto uscc = OptStr(p, "uscc");
  if (uscc) {
    if (auto id = ctx.conn().QueryInt(kPartyByUscc, *uscc)) return *id;
  } else if (auto id = ctx.conn().QueryInt(kPartyByName, type, core::NormalizeName(name))) {
    return *id;
  }
  reg::NewParty n;
  n.uid = NewUuidV7(ctx.now());
  n.type = type;
  n.name = name;
  n.uscc = uscc;
  n.agency_id = agency;
  return reg::InsertParty(ctx.conn(), ctx.now(), n);
}

int64_t FindOrInsertIp(store::WriteContext& ctx, const json::object& r) {
  const std::string type = Str(r, "type");
  const auto number = OptStr(r, "number");
  if (number) {
    if (auto id = ctx.conn().QueryInt(kIpByNumber, type, reg::IpNumberKey(type, *number))) {
      return *id;
    }
  }
  reg::NewIpRight n;
  n.uid = NewUuidV7(ctx.now());
  n.type = type;
  n.number = number;
  n.title = Str(r, "title");
  return reg::InsertIpRight(ctx.conn(), ctx.now(), n);
}

bool ApplyAgency(store::WriteContext& ctx, const std::string& origin, const json::object& change) {
  const auto* data = change.if_contains("data");
  if (!data || !data->is_object() || !data->as_object().contains("name")) return false;
  bool created = false;
  const int64_t id = MirrorAgency(ctx, origin, data->as_object(), &created);
  if (created) {
    ctx.AppendChange("created", "agency", id, Str(data->as_object(), "uid"),
                     json::serialize(data->as_object()));
  }
  return created;
}

bool ApplyTransferCreated(store::WriteContext& ctx, const svc::Clockwork& clock,
                          const std::string& origin, const std::string& uid,
                          const json::object& d) {
  auto& conn = ctx.conn();
  if (conn.QueryInt("SELECT id FROM transfers WHERE uid = ?", uid)) return false;
  if (!d.contains("to_agency")) return false;  // a change from before federation
  // Only hand-overs to an agency hosted here.
  const json::object& to = Obj(d, "to_agency");
  int64_t to_agency = 0;
  {
    auto r = conn.Query(kAgencyByUid, Str(to, "uid"));
    if (!r.Next() || !r.IsNull(1)) return false;
    to_agency = r.Int(0);
  }
  const int64_t from_agency = MirrorAgency(ctx, origin, Obj(d, "from_agency"));
  const json::object& fc = Obj(d, "from_case");
  const json::object& rc = Obj(d, "receiving_case");
  const std::string type = Str(d, "type");
  const std::string today = clock.today.ToString();

  // The source case, as a mirror of the other instance's.
  int64_t from_case = 0;
  if (auto id = conn.QueryInt(kCaseByUid, Str(fc, "uid"))) {
    from_case = *id;
  } else {
    reg::NewCase c;
    c.uid = Str(fc, "uid");
    c.kind = Str(fc, "kind");
    c.agency_id = from_agency;
    c.title = Str(fc, "title");
    c.case_number = OptStr(fc, "case_number");
    c.status = Str(fc, "status");
    c.received_on = Str(fc, "received_on");
    c.created_at = ctx.now();
    from_case = reg::InsertCase(conn, c);
    conn.Exec(kSetCaseOrigin, origin, from_case);
  }
  // The receiving case, this agency's own from now on.
  reg::NewCase c;
  c.uid = Str(rc, "uid");
  if (conn.QueryInt(kCaseByUid, c.uid)) return false;
  c.kind = Str(rc, "kind");
  c.agency_id = to_agency;
  c.title = Str(rc, "title");
  c.status = "received";
  c.received_on = Str(rc, "received_on");
  if (const auto* claim = rc.if_contains("claim_amount_fen"); claim && claim->is_int64()) {
    c.claim_amount_fen = claim->as_int64();
  }
  c.created_at = ctx.now();
  if (const auto* parties = rc.if_contains("parties"); parties && parties->is_array()) {
    for (const auto& p : parties->as_array()) {
      const int64_t id = FindOrInsertParty(ctx, p.as_object(), to_agency);
      const std::string role = Str(p.as_object(), "role");
      bool dup = false;
      for (const auto& e : c.parties) dup = dup || (e.party_id == id && e.role == role);
      if (!dup) c.parties.push_back({id, role, {}, {}});
    }
  }
  if (const auto* ips = rc.if_contains("ip_rights"); ips && ips->is_array()) {
    for (const auto& r : ips->as_array()) {
      const int64_t id = FindOrInsertIp(ctx, r.as_object());
      bool dup = false;
      for (const auto& e : c.ip_rights) dup = dup || e.ip_right_id == id;
      if (!dup) c.ip_rights.push_back({id, {}, {}, {}});
    }
  }
  const int64_t receiving = reg::InsertCase(conn, c);
  svc::EnterWorkflow(conn, clock.workflows, *clock.calendar, receiving, clock.today);
  const bool appeal = type == "appeal";
  const std::string link = type == "transfer"    ? "transferred_to"
                           : type == "diversion" ? "diverted_to"
                                                 : "appeal_of";
  reg::InsertCaseLink(conn, ctx.now(), appeal ? receiving : from_case,
                      appeal ? from_case : receiving, link);
  conn.Exec(kInsertAccess, from_case, to_agency, receiving, ctx.now());
  conn.Exec(kInsertAccess, receiving, from_agency, from_case, ctx.now());
  const int64_t id = conn.Insert(kInsertTransfer, uid, type, from_case, receiving, from_agency,
                                 to_agency, Str(d, "kind"), Str(d, "reason"), ctx.now());
  // Counted with the hand-over in place (service/counters.h: via, appealed).
  svc::CountCase(conn, clock.workflows, receiving, clock.today);
  svc::CountCase(conn, clock.workflows, from_case, clock.today);

  const auth::Actor actor = FederationActor();
  const json::object received = svc::GetCase(conn, auth::SystemPrincipal(), receiving, clock.today);
  svc::LogCaseEvent(ctx, receiving, "created", std::nullopt, today, nullptr, &received);
  svc::LogCaseChange(ctx, "created", received, actor);
  json::object data = d;
  data["from_agency_id"] = from_agency;
  data["to_agency_id"] = to_agency;
  ctx.AppendChange("created", "transfer", id, uid, json::serialize(data));
  auto audit = actor.Audit("transfer.federate", "transfer", id);
  audit.detail = json::serialize(json::object{{"origin", origin}, {"uid", uid}});
  ctx.AppendAudit(std::move(audit));
  return true;
}

bool ApplyTransferUpdated(store::WriteContext& ctx, const svc::Clockwork& clock,
                          const std::string& origin, const std::string& uid,
                          const json::object& d) {
  auto& conn = ctx.conn();
  const std::string status = Str(d, "status");
  if (status != "accepted" && status != "returned") return false;
  int64_t id = 0, receiving = 0;
  {
    auto r = conn.Query(kTransferByUid, uid);
    if (!r.Next()) return false;
    if (r.Str(1) != "pending") return false;  // answered here already: the first answer stands
    id = r.Int(0);
    receiving = r.Int(2);
  }
  const auto reason = OptStr(d, "answer_reason");
  conn.Exec(kAnswer, status, reason, ctx.now(), id);
  const std::string today = clock.today.ToString();
  if (status == "returned") {
    svc::CloseReturnedCase(conn, clock, receiving, ctx.now());
    if (const auto from_case =
            conn.QueryInt("SELECT from_case_id FROM transfers WHERE id = ?", id)) {
      svc::CountCase(conn, clock.workflows, *from_case, clock.today);  // appealed
    }
  }
  json::object note{{"transfer_uid", uid}, {"status", status}, {"origin", origin}};
  if (reason) note["reason"] = *reason;
  svc::LogCaseEvent(ctx, receiving, status == "accepted" ? "updated" : "closed", std::nullopt,
                    today, nullptr, &note);
  ctx.AppendChange("updated", "transfer", id, uid, json::serialize(d));
  auto audit = FederationActor().Audit("transfer.federate", "transfer", id);
  audit.detail = json::serialize(note);
  ctx.AppendAudit(std::move(audit));
  return true;
}

}  // namespace

bool ApplyChange(store::WriteContext& ctx, const svc::Clockwork& clock, const std::string& origin,
                 const json::object& change) {
  const std::string entity = Str(change, "entity");
  const std::string type = Str(change, "type");
  if (entity == "agency" && type == "created") return ApplyAgency(ctx, origin, change);
  if (entity != "transfer") return false;
  const auto* data = change.if_contains("data");
  if (!data || !data->is_object()) return false;
  const std::string uid = Str(change, "uid");
  if (type == "created") return ApplyTransferCreated(ctx, clock, origin, uid, data->as_object());
  if (type == "updated") return ApplyTransferUpdated(ctx, clock, origin, uid, data->as_object());
  return false;
}

}  // namespace sg::fed
