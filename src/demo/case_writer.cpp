#include "demo/case_writer.h"

#include <algorithm>

#include "demo/titles.h"
#include "register/case_numbers.h"
#include "register/records.h"

namespace sg::demo {
namespace {

// The change feed row for a new case (shared/API.md, "Feed"); seq is assigned here because the
// demo is the only writer while it runs.
constexpr std::string_view kInsertChange =
    "INSERT INTO changes (seq, type, entity, entity_id, uid, at, data) "
    "VALUES (?, 'created', 'case', ?, ?, ?, ?)";

constexpr int64_t kMinuteMs = 60 * 1000;

bool IsSecondInstanceOrPanelKind(Kind k) {
  return k == Kind::kCivilSecond || k == Kind::kAdminSecond || k == Kind::kCriminalSecond ||
         k == Kind::kAdminFirst || k == Kind::kArbitration;
}

// The JSON here is built from program values (codes, numbers, case numbers made of CJK, digits
// and brackets), none of which holds a quote or backslash, so no escaping is needed.
std::string StatusJson(std::string_view status) {
  return std::string("{\"status\":\"") + std::string(status) + "\"}";
}

}  // namespace

CaseWriter::CaseWriter(store::Connection& conn, Rng& rng, const DemoAgencies& agencies,
                       const DemoPool& pool, const std::vector<CasePlan>& plans,
                       int64_t first_change_seq)
    : conn_(conn),
      rng_(rng),
      agencies_(agencies),
      pool_(pool),
      plans_(plans),
      next_seq_(first_change_seq),
      case_ids_(plans.size(), 0),
      created_at_(plans.size(), 0) {}

// A time in office hours (08:30-17:30 China time) on `day`.
TimestampMs CaseWriter::OfficeTime(int32_t day) {
  return ChinaMidnight(Date::FromDays(day)) + (8 * 60 + 30) * kMinuteMs +
         rng_.Range(0, 9 * 60 * 60 - 1) * 1000 + rng_.Range(0, 999);
}

void CaseWriter::Write(size_t index) {
  const CasePlan& p = plans_[index];
  const DemoAgency& agency = agencies_.list[p.agency];
  const std::string_view kind = KindValue(p.kind);
  reg::NewCase c;
  c.created_at = OfficeTime(p.received);
  c.uid = rng_.Uuid(c.created_at);
  c.kind = std::string(kind);
  if (p.procedure != Procedure::kNone) c.procedure = std::string(ProcedureValue(p.procedure));
  c.agency_id = agency.id;
  c.status = p.closed >= 0 ? "closed" : p.filed >= 0 ? "filed" : "received";
  c.received_on = Date::FromDays(p.received).ToString();
  if (p.filed >= 0) {
    const Date filed = Date::FromDays(p.filed);
    c.filed_on = filed.ToString();
    c.case_number = reg::AssignCaseNumber(conn_, agency.numbering, kind, filed.year);
    if (!agency.handlers.empty()) {
      const auto& hs = agency.handlers;
      const size_t h = static_cast<size_t>(rng_.Range(0, static_cast<int64_t>(hs.size()) - 1));
      c.handler_id = hs[h];
      // A collegial panel (合议庭) of three, the handler presiding, for ordinary procedure and
      // appeals; when the agency has enough handlers.
      if ((p.procedure == Procedure::kOrdinary || IsSecondInstanceOrPanelKind(p.kind)) &&
          hs.size() >= 3) {
        const size_t step = static_cast<size_t>(rng_.Range(1, static_cast<int64_t>(hs.size()) - 2));
        c.panel_ids = {hs[h], hs[(h + step) % hs.size()], hs[(h + step + 1) % hs.size()]};
      }
    }
  }
  if (p.closed >= 0) {
    c.closed_on = Date::FromDays(p.closed).ToString();
    RecordOutcome(p, c);
  }
  if (p.claim_fen >= 0) c.claim_amount_fen = p.claim_fen;
  const CasePlan* source = p.link_peer >= 0 ? &plans_[static_cast<size_t>(p.link_peer)] : nullptr;
  c.title = CaseTitle(p, source, pool_);
  c.area_code = agency.area_code;

  for (size_t i = 0; i < p.party_count; ++i) {
    const PoolParty& party = pool_.parties[static_cast<size_t>(p.parties[i])];
    c.parties.push_back({party.id, std::string(RoleValue(p.roles[i])),
                         party.kind == PartyKind::kPerson ? "person" : "organization", party.name});
    if (party.name.find("电子商务") != std::string::npos && c.tags.empty()) {
      c.tags.emplace_back("网络侵权");
    }
  }
  for (size_t i = 0; i < p.ip_count; ++i) {
    const PoolIp& ip = pool_.ips[static_cast<size_t>(p.ips[i])];
    c.ip_rights.push_back({ip.id, std::string(IpTypeValue(ip.kind)),
                           ip.number.empty() ? std::nullopt : std::optional<std::string>(ip.number),
                           ip.title});
    if (ip.kind == IpKind::kGeographicalIndication) c.tags.emplace_back("地理标志");
  }
  const Date received = Date::FromDays(p.received);
  if ((p.kind == Kind::kComplaint || p.kind == Kind::kReport) && received.month == 3 &&
      received.day >= 10 && received.day <= 20) {
    c.tags.emplace_back("3·15");  // the consumer-rights week around 15 March
  }

  ++written_.cases;
  written_.case_parties += static_cast<int64_t>(c.parties.size());
  written_.case_ip_rights += static_cast<int64_t>(c.ip_rights.size());
  written_.case_panels += static_cast<int64_t>(c.panel_ids.size());
  const int64_t id = reg::InsertCase(conn_, c);
  case_ids_[index] = id;
  created_at_[index] = c.created_at;

  WriteEvents(index, id, c.created_at, c.handler_id, c.panel_ids, c.case_number);

  std::string data = "{\"kind\":\"" + c.kind + "\",\"agency_id\":" + std::to_string(c.agency_id) +
                     ",\"status\":\"" + c.status + "\"}";
  conn_.Exec(kInsertChange, next_seq_++, id, c.uid, c.created_at, data);
  ++written_.changes;
}

// What the closing action would have recorded (workflows/<kind>.json): the outcome, for second
// instances the appeal result, the document (its number is the case number, as courts number
// judgments), and the amounts: awarded part of the claim, fines, the sum to enforce and what was
// recovered.
void CaseWriter::RecordOutcome(const CasePlan& p, reg::NewCase& c) {
  const Outcome& o = Outcomes(p.kind)[p.outcome];
  c.outcome = std::string(o.code);
  c.document_number = c.case_number;
  const bool second = p.kind == Kind::kCivilSecond || p.kind == Kind::kAdminSecond ||
                      p.kind == Kind::kCriminalSecond;
  if (second && o.text.find("维持") != std::string_view::npos) c.appeal_result = "upheld";
  if (second && o.text.find("改判") != std::string_view::npos) c.appeal_result = "revised";
  // Whole yuan, as judgments state them.
  auto yuan = [](double fen) { return static_cast<int64_t>(fen / 100) * 100; };
  const bool gives = o.code == "judgment" || o.code == "mediation" || o.code == "award";
  if (gives && p.claim_fen > 0 && p.kind != Kind::kCriminalFirst &&
      p.kind != Kind::kCriminalSecond && p.kind != Kind::kAdminFirst) {
    c.awarded_amount_fen = yuan(static_cast<double>(p.claim_fen) * (0.3 + 0.6 * rng_.Unit()));
  }
  if (o.code == "penalty") c.fine_fen = rng_.Range(50, 2000) * 10000;  // 5,000–200,000 元
  if (p.kind == Kind::kCriminalFirst) c.fine_fen = rng_.Range(2, 50) * 1000000;  // 2万–50万 元
  if (p.kind == Kind::kEnforcement && p.claim_fen > 0) {
    c.enforce_amount_fen = p.claim_fen;
    const double share = o.code == "enforced" ? 1.0 : 0.3 * rng_.Unit();
    c.recovered_amount_fen = yuan(static_cast<double>(p.claim_fen) * share);
  }
}

void CaseWriter::WriteEvents(size_t index, int64_t case_id, TimestampMs created_at,
                             const std::optional<int64_t>& handler,
                             const std::vector<int64_t>& panel,
                             const std::optional<std::string>& number) {
  const CasePlan& p = plans_[index];
  reg::NewEvent e;
  e.case_id = case_id;
  auto emit = [&](std::string_view type, TimestampMs at) {
    e.type = std::string(type);
    e.at = at;
    e.uid = rng_.Uuid(at);
    reg::InsertEvent(conn_, e);
    ++written_.events;
  };
  e.after = StatusJson("received");
  emit("created", created_at);
  if (p.filed < 0) return;

  TimestampMs at = std::max(OfficeTime(p.filed), created_at + rng_.Range(5, 90) * kMinuteMs);
  e.effective_on = Date::FromDays(p.filed).ToString();
  e.before = StatusJson("received");
  e.after = "{\"status\":\"filed\",\"case_number\":\"" + *number + "\"}";
  emit("filed", at);

  if (handler) {
    e.effective_on.reset();
    e.before.reset();
    std::string after = "{\"handler_id\":" + std::to_string(*handler);
    if (!panel.empty()) {
      after += ",\"panel_ids\":[";
      for (size_t i = 0; i < panel.size(); ++i) {
        if (i) after += ',';
        after += std::to_string(panel[i]);
      }
      after += ']';
    }
    e.after = after + "}";
    at += rng_.Range(5, 120) * kMinuteMs;
    emit("assigned", at);
  }
  if (p.closed < 0) return;
  e.actor_id = handler;
  e.effective_on = Date::FromDays(p.closed).ToString();
  e.before = StatusJson("filed");
  e.after = StatusJson("closed");
  e.note = "结案方式：" + std::string(Outcomes(p.kind)[p.outcome].text);
  emit("closed", std::max(OfficeTime(p.closed), at + kMinuteMs));
}

void CaseWriter::WriteLinks() {
  for (size_t i = 0; i < plans_.size(); ++i) {
    const CasePlan& p = plans_[i];
    if (p.link_peer < 0 || case_ids_[i] == 0) continue;
    const int64_t peer = case_ids_[static_cast<size_t>(p.link_peer)];
    if (peer == 0) continue;
    const int64_t from = p.link_from_peer ? peer : case_ids_[i];
    const int64_t to = p.link_from_peer ? case_ids_[i] : peer;
    reg::InsertCaseLink(conn_, created_at_[i], from, to, std::string(LinkTypeValue(p.link_type)));
    ++written_.case_links;
    if (p.link_type != LinkType::kRelated) WriteHandOver(i, peer);
  }
}

// The hand-over behind a transfer, diversion or appeal link, as POST /api/v1/cases/{id}/transfers
// and its acceptance record it (service/transfers.h): the transfer, accepted an hour or so after
// the receiving case was registered, and each agency's access to the other's case.
void CaseWriter::WriteHandOver(size_t index, int64_t source_id) {
  static constexpr std::string_view kInsertTransfer =
      "INSERT INTO transfers (uid, type, from_case_id, to_case_id, from_agency_id, to_agency_id, "
      "kind, reason, status, created_at, answered_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'accepted', ?, ?)";
  static constexpr std::string_view kInsertAccess =
      "INSERT INTO case_access (case_id, agency_id, via_case_id, created_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (case_id, agency_id) DO NOTHING";
  const CasePlan& p = plans_[index];
  const CasePlan& source = plans_[static_cast<size_t>(p.link_peer)];
  const int64_t receiving_id = case_ids_[index];
  const int64_t from_agency = agencies_.list[source.agency].id;
  const int64_t to_agency = agencies_.list[p.agency].id;
  if (from_agency == to_agency) return;
  const std::string_view type = p.link_type == LinkType::kAppealOf     ? "appeal"
                                : p.link_type == LinkType::kDivertedTo ? "diversion"
                                                                       : "transfer";
  const std::string_view reason = type == "appeal" ? "当事人不服一审裁判，提起上诉"
                                  : type == "diversion" ? "经当事人同意，分流处理"
                                                        : "依法移送有管辖权的机关处理";
  const TimestampMs at = created_at_[index];
  conn_.Exec(kInsertTransfer, rng_.Uuid(at), type, source_id, receiving_id, from_agency, to_agency,
             KindValue(p.kind), reason, at, at + rng_.Range(20, 240) * kMinuteMs);
  conn_.Exec(kInsertAccess, source_id, to_agency, receiving_id, at);
  conn_.Exec(kInsertAccess, receiving_id, from_agency, source_id, at);
  ++written_.transfers;
}

}  // namespace sg::demo
