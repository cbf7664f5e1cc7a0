#include "demo/stories.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "demo/rng.h"
#include "service/case_actions.h"

namespace sg::demo {
namespace {

constexpr int64_t kCasesPerJob = 250;

constexpr std::string_view kOpenCases =
    "SELECT id, kind, received_on, filed_on, handler_id, agency_id FROM cases "
    "WHERE status <> 'closed' AND stage IS NOT NULL AND id > ? ORDER BY id LIMIT ?";
constexpr std::string_view kCaseParties =
    "SELECT party_id, role FROM case_parties WHERE case_id = ? ORDER BY ordinal, party_id";
constexpr std::string_view kStage = "SELECT stage FROM cases WHERE id = ?";
constexpr std::string_view kAgencyApprover =
    "SELECT MIN(id) FROM users WHERE agency_id = ? AND id <> COALESCE(?, 0)";
constexpr std::string_view kRunningDeadlines =
    "SELECT code, due FROM case_deadlines WHERE case_id = ? AND party_id = 0 "
    "AND status = 'running' ORDER BY due, code";

// Roles that start a matter (they are served the answer); every other role is served the
// opening documents.
bool IsInitiator(std::string_view role) {
  return role == "plaintiff" || role == "appellant" || role == "complainant" ||
         role == "reporter" || role == "applicant" || role == "enforcement_applicant";
}

// The opening service of each kind: the action and the documents it serves (民事诉讼法 第128条,
// 专利纠纷行政裁决办案指南, 行政处罚法 第44条 …). Kinds not listed serve with the generic `serve`.
struct OpeningService {
  std::string_view kind;
  std::string_view action;
  std::string_view document;
};
constexpr std::array<OpeningService, 9> kOpening = {{
    {"civil_first", "serve_complaint", "起诉状副本、应诉通知书、举证通知书"},
    {"civil_second", "serve", "上诉状副本、应诉通知书"},
    {"admin_first", "serve", "起诉状副本、应诉通知书"},
    {"admin_second", "serve", "上诉状副本、应诉通知书"},
    {"criminal_first", "serve", "起诉书副本"},
    {"criminal_second", "serve", "上诉状副本、出庭通知书"},
    {"enforcement", "serve", "执行通知书、报告财产令"},
    {"arbitration", "serve", "仲裁通知书、仲裁申请书副本、仲裁规则、仲裁员名册"},
    {"patent_adjudication", "serve_request", "专利侵权纠纷处理请求书副本、答辩通知书"},
}};

const OpeningService* OpeningFor(std::string_view kind) {
  for (const auto& o : kOpening) {
    if (o.kind == kind) return &o;
  }
  return nullptr;
}

// How courts and bureaus serve today: mostly electronically and by post (民事诉讼法 第90条,
// 第91条), some in person, a few by public notice when a party cannot be found (第95条).
std::string_view PickMethod(Rng& rng) {
  static constexpr std::array<int, 4> kWeights = {45, 30, 20, 5};
  static constexpr std::array<std::string_view, 4> kMethods = {"electronic", "post", "direct",
                                                               "public_notice"};
  return kMethods[rng.Weighted(kWeights)];
}

// The usual length in days of each not-counted period, for deciding whether it has ended by
// today: 公告 30 days (民事诉讼法 第95条), 鉴定 one to two months, the rest two to six weeks.
int64_t PeriodDays(std::string_view kind, Rng& rng) {
  if (kind == "public_notice") return 30;
  if (kind == "appraisal" || kind == "testing_appraisal") return rng.Range(30, 60);
  return rng.Range(14, 42);
}

std::string_view PeriodReason(std::string_view kind) {
  if (kind == "public_notice") return "被告下落不明，公告送达起诉状副本及开庭传票";
  if (kind == "appraisal") return "原告申请对被控侵权产品与涉案专利技术特征进行司法鉴定";
  if (kind == "settlement") return "双方当事人申请庭外和解";
  if (kind == "jurisdiction_objection") return "被告在答辩期内提出管辖权异议";
  if (kind == "audit_valuation") return "委托对侵权获利进行审计";
  if (kind == "testing" || kind == "inspection") return "委托对涉案商品进行检测";
  if (kind == "hearing") return "当事人申请听证";
  return "依法不计入期限的期间";
}

struct OpenCase {
  int64_t id = 0;
  std::string kind;
  Date received;
  std::optional<Date> filed;
  std::optional<int64_t> handler;
  int64_t agency = 0;
};

class Storyteller {
 public:
  Storyteller(store::WriteContext& ctx, const wf::Registry& workflows,
              const cal::Calendar& calendar, Date today, uint64_t seed, StoryCounts& counts)
      : ctx_(ctx),
        workflows_(workflows),
        calendar_(calendar),
        today_(today),
        seed_(seed),
        counts_(counts) {}

  void Play(const OpenCase& c) {
    const wf::Definition* def = workflows_.Find(c.kind);
    if (!def) return;
    Rng rng(seed_ ^ (static_cast<uint64_t>(c.id) * 0x9E3779B97F4A7C15ULL));
    const int64_t before = counts_.actions;
    const Date start = c.filed.value_or(c.received);
    std::vector<std::pair<int64_t, std::string>> parties;
    {
      auto r = ctx_.conn().Query(kCaseParties, c.id);
      while (r.Next()) parties.emplace_back(r.Int(0), r.Str(1));
    }
    Date last = start;
    // 仲裁法 第31条: the tribunal is formed after the parties chose or the chairman appointed.
    if (Allowed(*def, c.id, "form_tribunal")) {
      const Date formed = start.AddDays(rng.Range(10, 25));
      if (!(today_ < formed)) {
        Take(c, "form_tribunal", formed, {{"arbitrators", "首席仲裁员及两名仲裁员（当事人选定）"}},
             "clerk");
        last = formed;
      }
    }
    last = Serve(c, *def, rng, last, parties);
    last = Suspend(c, *def, rng, std::max(start, last));
    Extend(c, *def, rng, std::max(start, last));
    if (counts_.actions > before) ++counts_.cases;
  }

 private:
  // The opening documents to each party that did not start the matter; in civil cases the
  // answer comes back from most of them and is served on the plaintiffs. Returns the last day.
  Date Serve(const OpenCase& c, const wf::Definition& def, Rng& rng, Date start,
             const std::vector<std::pair<int64_t, std::string>>& parties) {
    const OpeningService* o = OpeningFor(c.kind);
    if (!o || !Allowed(def, c.id, o->action) || !rng.Percent(85)) return start;
    Date last = start;
    for (const auto& [party, role] : parties) {
      if (IsInitiator(role) && o->action != "serve") continue;
      const Date served = start.AddDays(rng.Range(1, 6));
      if (today_ < served) continue;
      boost::json::object f{{"party_id", party},
                            {"served_on", served.ToString()},
                            {"method", PickMethod(rng)},
                            {"document", o->document}};
      Take(c, o->action, served, std::move(f), "handler");
      ++counts_.services;
      last = std::max(last, served);
      if (o->action != "serve_complaint" || !rng.Percent(70)) continue;
      // 民事诉讼法 第128条: the answer within 15 days of service, served on the plaintiffs
      // within 5 days of its receipt.
      const Date answered = served.AddDays(rng.Range(5, 15));
      if (today_ < answered) continue;
      Take(c, "receive_answer", answered, {{"party_id", party}}, "clerk");
      last = std::max(last, answered);
      for (const auto& [plaintiff, prole] : parties) {
        if (!IsInitiator(prole)) continue;
        const Date sent = answered.AddDays(rng.Range(1, 4));
        if (today_ < sent) continue;
        Take(c, "serve_answer", sent,
             {{"party_id", plaintiff},
              {"served_on", sent.ToString()},
              {"method", PickMethod(rng)},
              {"document", "答辩状副本"}},
             "clerk");
        ++counts_.services;
        last = std::max(last, sent);
      }
    }
    return last;
  }

  // A not-counted period for about one case in ten: started some weeks in, ended when its usual
  // length has passed by today.
  Date Suspend(const OpenCase& c, const wf::Definition& def, Rng& rng, Date from) {
    const wf::Action* a = def.FindAction("start_suspension");
    if (!a || !Allowed(def, c.id, a->code) || !rng.Percent(10)) return from;
    const wf::Field* kinds = a->FindField("suspension_kind");
    if (!kinds || kinds->allowed.empty()) return from;
    const std::string& kind = kinds->allowed[rng.Weighted(Weights(kinds->allowed))];
    const Date begin = from.AddDays(rng.Range(3, 30));
    if (today_ < begin) return from;
    Take(c, "start_suspension", begin, {{"suspension_kind", kind}, {"reason", PeriodReason(kind)}},
         "handler");
    ++counts_.suspensions;
    const Date end = begin.AddDays(PeriodDays(kind, rng));
    if (today_ < end || !def.FindAction("end_suspension")) return begin;
    Take(c, "end_suspension", end, {{"suspension_kind", kind}}, "handler");
    return end;
  }

  // 公告 is the common one; the others share the rest.
  static std::vector<int> Weights(const std::vector<std::string>& kinds) {
    std::vector<int> w;
    w.reserve(kinds.size());
    for (const auto& k : kinds) w.push_back(k == "public_notice" ? 40 : k == "appraisal" ? 25 : 10);
    return w;
  }

  // An extension of the first running deadline that may be extended, when it is due within two
  // weeks or has passed: requested by the handler, decided by an approver of the agency (most
  // granted, some refused), one unit of the extension at a time.
  void Extend(const OpenCase& c, const wf::Definition& def, Rng& rng, Date from) {
    const wf::Action* req = def.FindAction("request_extension");
    if (!req || !Allowed(def, c.id, req->code) || !def.FindAction("decide_extension")) return;
    const wf::Field* which = req->FindField("deadline");
    std::optional<std::string> code;
    Date due;
    {
      auto r = ctx_.conn().Query(kRunningDeadlines, c.id);
      while (r.Next() && !code) {
        const std::string d = r.Str(0);
        const wf::Deadline* dl = def.FindDeadline(d);
        const bool listed =
            !which || which->allowed.empty() ||
            std::find(which->allowed.begin(), which->allowed.end(), d) != which->allowed.end();
        if (listed && dl && dl->extension) {
          code = d;
          due = *Date::Parse(r.Text(1));
        }
      }
    }
    if (!code || today_.AddDays(14) < due || !rng.Percent(60)) return;
    // Asked some days before the limit (or, late, a few days ago), never before `from`.
    Date asked = std::max(from, std::min(today_, due.AddDays(-rng.Range(3, 12))));
    if (today_ < asked) return;
    const wf::Extension& ext = *def.FindDeadline(*code)->extension;
    Take(c, "request_extension", asked,
         {{"deadline", *code},
          {"length", ExtensionLength(ext, rng)},
          {"reason", "案情复杂，需进一步调查取证"}},
         "handler");
    const Date decided = std::min(today_, asked.AddDays(rng.Range(1, 3)));
    const bool granted = rng.Percent(85);
    Take(c, "decide_extension", decided,
         {{"approved", granted},
          {"reason", granted ? "同意延长" : "不符合延长审限的条件，应在法定期限内审结"}},
         "approver");
    ++counts_.extensions;
  }

  // What approvers usually grant at a time: a month or two, a fortnight or a month of days, ten
  // working days; never more than the legal cap.
  static int64_t ExtensionLength(const wf::Extension& ext, Rng& rng) {
    int64_t want = ext.unit == wf::Unit::kMonths        ? rng.Range(1, 2)
                   : ext.unit == wf::Unit::kWorkingDays ? 10
                   : rng.Percent(50)                    ? 15
                                                        : 30;
    if (ext.max_total) want = std::min<int64_t>(want, *ext.max_total);
    return want;
  }

  bool Allowed(const wf::Definition& def, int64_t case_id, std::string_view action) {
    auto r = ctx_.conn().Query(kStage, case_id);
    return r.Next() && !r.IsNull(0) && def.ActionAllowedFrom(action, r.Text(0));
  }

  void Take(const OpenCase& c, std::string_view action, Date on, boost::json::object fields,
            std::string_view role) {
    svc::ActionRequest req;
    req.action = std::string(action);
    req.effective_on = on;
    req.fields = std::move(fields);
    const auth::Actor actor{Person(c, role), ""};
    svc::TakeCaseAction(ctx_, workflows_, calendar_, c.id, req, actor, today_);
    ++counts_.actions;
  }

  // The person acting: the case's handler (the clerk's work is recorded under the handler too,
  // as the demo has no clerks per case), or an approver of its agency for decisions.
  std::shared_ptr<const auth::Principal> Person(const OpenCase& c, std::string_view role) {
    auth::Principal p;
    p.kind = auth::Principal::Kind::kUser;
    p.role_code = std::string(role);
    p.scope = auth::DataScope::kAll;
    p.agency_id = c.agency;
    std::optional<int64_t> id = c.handler;
    if (role == "approver") {
      auto it = approvers_.find(c.agency);
      if (it == approvers_.end()) {
        it =
            approvers_.emplace(c.agency, ctx_.conn().QueryInt(kAgencyApprover, c.agency, c.handler))
                .first;
      }
      id = it->second;
    }
    if (!id) return std::make_shared<const auth::Principal>(auth::SystemPrincipal());
    p.id = *id;
    p.name = "demo";
    return std::make_shared<const auth::Principal>(std::move(p));
  }

  store::WriteContext& ctx_;
  const wf::Registry& workflows_;
  const cal::Calendar& calendar_;
  Date today_;
  uint64_t seed_;
  StoryCounts& counts_;
  std::map<int64_t, std::optional<int64_t>> approvers_;
};

}  // namespace

StoryCounts PlayStories(store::Writer& writer, const wf::Registry& workflows,
                        const cal::Calendar& calendar, Date today, uint64_t seed,
                        int64_t max_cases) {
  return PlayStories(writer, workflows, calendar, today, seed, max_cases, StoryResume{});
}

StoryCounts PlayStories(store::Writer& writer, const wf::Registry& workflows,
                        const cal::Calendar& calendar, Date today, uint64_t seed, int64_t max_cases,
                        const StoryResume& resume) {
  StoryCounts total;
  int64_t after = resume.after.value_or(0);
  if (max_cases > 0 && !resume.after) {
    // The newest open cases only: start after the one `max_cases` from the end.
    writer.Run([&](store::WriteContext& ctx) {
      after = ctx.conn()
                  .QueryInt(
                      "SELECT id FROM cases WHERE status <> 'closed' AND stage IS NOT NULL "
                      "ORDER BY id DESC LIMIT 1 OFFSET ?",
                      max_cases)
                  .value_or(0);
    });
  }
  for (;;) {
    // The job may run again when its batch is retried: it starts from `after` each time and
    // reports through `job` only.
    StoryCounts job;
    int64_t last = 0;
    int64_t read = 0;
    writer.Run([&](store::WriteContext& ctx) {
      job = {};
      std::vector<OpenCase> cases;
      {
        auto r = ctx.conn().Query(kOpenCases, after, kCasesPerJob);
        while (r.Next()) {
          OpenCase c;
          c.id = r.Int(0);
          c.kind = r.Str(1);
          c.received = *Date::Parse(r.Text(2));
          if (!r.IsNull(3)) c.filed = Date::Parse(r.Text(3));
          if (!r.IsNull(4)) c.handler = r.Int(4);
          c.agency = r.Int(5);
          cases.push_back(std::move(c));
        }
      }
      read = static_cast<int64_t>(cases.size());
      if (cases.empty()) return;
      last = cases.back().id;
      Storyteller teller(ctx, workflows, calendar, today, seed, job);
      for (const auto& c : cases) teller.Play(c);
      if (resume.on_job) resume.on_job(ctx.conn(), last);
    });
    total.cases += job.cases;
    total.actions += job.actions;
    total.services += job.services;
    total.suspensions += job.suspensions;
    total.extensions += job.extensions;
    if (read < kCasesPerJob) return total;
    after = last;
  }
}

}  // namespace sg::demo
