#include "demo/plan.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace sg::demo {
namespace {

// Shares of the cases that start on their own; the other kinds only follow from one of these.
// civil_first dominates, as in the city's registers.
constexpr int kBaseWeights[kKindCount] = {
    17,  // complaint
    9,   // report
    9,   // admin_penalty (found in inspections; more come from complaints and reports)
    3,   // patent_adjudication
    5,   // mediation
    4,   // arbitration
    50,  // civil_first
    0,  0, 0,
    3,  // criminal_first
    0,  0};

// Where first-instance IP cases of the basic courts are heard, in Counties() order. The demo
// assumes most go to 榆次 (the city seat); which basic courts really hold IP jurisdiction is
// not in the seed.
constexpr int kBasicCourtWeights[] = {120, 10, 2, 3, 2, 3, 4, 5, 12, 4, 15};

// Claim amounts (yuan): round figures from 1万 to 500万, smaller ones more often.
constexpr int64_t kClaimYuan[] = {10000,  20000,  30000,  50000,   80000,   100000,
                                  200000, 300000, 500000, 1000000, 2000000, 5000000};
constexpr int kClaimWeights[] = {12, 14, 12, 14, 8, 12, 9, 6, 6, 4, 2, 1};

constexpr size_t kComplaintHotlineOutcome = 5;
constexpr size_t kComplaintTransferOutcome = 2;
constexpr uint8_t kMediationFailed = 1;

class Planner {
 public:
  Planner(Rng& rng, int64_t count, const Date& today, const DemoAgencies& agencies,
          const DemoPool& pool)
      : rng_(rng),
        count_(static_cast<size_t>(count)),
        today_(static_cast<int32_t>(today.ToDays())),
        agencies_(agencies),
        pool_(pool) {
    start_ = std::min<int32_t>(static_cast<int32_t>(Date{2022, 1, 1}.ToDays()), today_ - 365);
    for (size_t i = 0; i < pool.ips.size(); ++i) {
      if (pool.ips[i].owner >= 0) ips_by_owner_[pool.ips[i].owner].push_back(static_cast<int>(i));
    }
  }

  std::vector<CasePlan> Run() {
    plans_.reserve(count_);
    while (Room()) AddBase();
    return std::move(plans_);
  }

 private:
  bool Room() const { return plans_.size() < count_; }

  static int Weekday(int32_t day) { return ((day % 7) + 7 + 3) % 7 + 1; }
  // Offices file and close on weekdays: a weekend day moves to the next Monday.
  static int32_t Workday(int32_t day) {
    const int wd = Weekday(day);
    return wd == 6 ? day + 2 : wd == 7 ? day + 1 : day;
  }
  int32_t Days(int64_t lo, int64_t hi) { return static_cast<int32_t>(rng_.Range(lo, hi)); }
  // A duration: mostly in [lo, hi], with `tail_pct` percent in [hi, tail_hi] (overdue or
  // extended cases).
  int32_t Duration(int lo, int hi, double tail_pct, int tail_hi) {
    return rng_.Percent(tail_pct) ? Days(hi, tail_hi) : Days(lo, hi);
  }

  // Received dates grow over the years: half are uniform, half lean to recent dates.
  int32_t ReceivedDay() {
    double u = rng_.Unit();
    if (rng_.Percent(50)) u = std::sqrt(u);
    int32_t day = start_ + static_cast<int32_t>(u * static_cast<double>(today_ - start_ + 1));
    day = std::min(day, today_);
    const int wd = Weekday(day);
    if (wd >= 6) day = day - (wd - 5) >= start_ ? day - (wd - 5) : std::min(today_, Workday(day));
    return day;
  }

  // Files the case `filing_delay` days after receipt and closes it `duration` days later, as
  // far as today allows.
  void SetTimeline(CasePlan& p, int32_t filing_delay, int32_t duration) {
    const int32_t filed = Workday(p.received + filing_delay);
    if (filed > today_) return;
    p.filed = filed;
    const int32_t closed = Workday(filed + duration);
    if (closed <= today_) p.closed = closed;
  }

  void PickOutcome(CasePlan& p) {
    std::vector<int> w;
    for (const auto& o : Outcomes(p.kind)) w.push_back(o.weight);
    p.outcome = static_cast<uint8_t>(rng_.Weighted(w));
  }

  // How long a case takes from filing to closing (time-limits.md), by kind and procedure.
  int32_t DurationOf(const CasePlan& p) {
    const bool quick = Outcomes(p.kind)[p.outcome].text.find("撤") != std::string_view::npos;
    int32_t d = 0;
    switch (p.kind) {
      case Kind::kComplaint:
        d = Duration(10, 60, 5, 90);
        break;  // 45 working days to mediate
      case Kind::kReport:
        d = Duration(10, 30, 5, 45);
        break;
      case Kind::kAdminPenalty:
        d = Duration(30, 90, 10, 150);
        break;  // 90 days, +30
      case Kind::kPatentAdjudication:
        d = Duration(40, 92, 10, 125);
        break;
      case Kind::kMediation:
        d = Duration(7, 30, 10, 45);
        break;
      case Kind::kArbitration:
        d = Duration(45, 120, 10, 180);
        break;
      case Kind::kCivilFirst:
        if (p.procedure == Procedure::kSmallClaims)
          d = Duration(20, 60, 5, 90);  // Art. 168
        else if (p.procedure == Procedure::kSummary)
          d = Duration(30, 90, 8, 125);  // Art. 164
        else
          d = Duration(90, 183, 20, 330);  // Art. 152
        break;
      case Kind::kCivilSecond:
        d = Duration(30, 90, 10, 150);
        break;  // Art. 183
      case Kind::kAdminFirst:
        d = Duration(60, 183, 5, 240);
        break;
      case Kind::kAdminSecond:
        d = Duration(40, 90, 5, 120);
        break;
      case Kind::kCriminalFirst:
        d = Duration(20, 60, 10, 90);
        break;
      case Kind::kCriminalSecond:
        d = Duration(30, 60, 10, 120);
        break;
      case Kind::kEnforcement:
        d = Duration(30, 180, 10, 300);
        break;
    }
    return quick ? std::max<int32_t>(7, d / 2) : d;
  }
  // Days from receipt to filing (立案), within each kind's limit.
  int32_t FilingDelay(Kind k) {
    switch (k) {
      case Kind::kComplaint:
        return Days(1, 9);  // 7 working days
      case Kind::kReport:
      case Kind::kAdminPenalty:
        return Days(3, 20);  // 15 working days
      case Kind::kPatentAdjudication:
        return Days(1, 7);
      case Kind::kMediation:
        return Days(0, 3);
      case Kind::kArbitration:
        return Days(1, 5);  // 仲裁法 Art. 24
      default:
        return rng_.Percent(60) ? 0 : Days(1, 7);  // 民诉法 Art. 126: 7 days
    }
  }

  // Appends a plan and settles its outcome and dates; returns its index.
  size_t Push(CasePlan p, std::optional<uint8_t> outcome = std::nullopt) {
    if (!outcome) outcome = OutcomeForMissingFollowUp(p.kind);
    if (outcome)
      p.outcome = *outcome;
    else
      PickOutcome(p);
    SetTimeline(p, FilingDelay(p.kind), DurationOf(p));
    seen_[static_cast<size_t>(p.kind)] = true;
    plans_.push_back(p);
    return plans_.size() - 1;
  }

  // Until a kind that only follows from another has appeared, its source takes the outcome
  // that leads to it (index 0 of these tables), so that even a small demo has every kind.
  std::optional<uint8_t> OutcomeForMissingFollowUp(Kind k) const {
    const auto missing = [&](Kind follow) { return !seen_[static_cast<size_t>(follow)]; };
    if ((k == Kind::kAdminPenalty && missing(Kind::kAdminFirst)) ||
        (k == Kind::kAdminFirst && missing(Kind::kAdminSecond)) ||
        (k == Kind::kCivilFirst && missing(Kind::kCivilSecond))) {
      return uint8_t{0};
    }
    return std::nullopt;
  }

  // --- parties and rights -------------------------------------------------------------------
  int IpOf(const std::vector<int>& group) {
    if (group.empty()) return rng_.Pick(pool_.marks.empty() ? pool_.patents : pool_.marks);
    return rng_.Pick(group);
  }
  int PickIp(int w_mark, int w_patent, int w_gi, int w_other) {
    const int w[] = {w_mark, w_patent, w_gi, w_other};
    switch (rng_.Weighted(w)) {
      case 0:
        return IpOf(pool_.marks);
      case 1:
        return IpOf(pool_.patents);
      case 2:
        return IpOf(pool_.geo_indications);
      default:
        return IpOf(pool_.others);
    }
  }
  // The rights holder: the owner, or for a GI a producer of its county.
  int Holder(int ip) {
    const auto& r = pool_.ips[static_cast<size_t>(ip)];
    if (r.owner >= 0) return r.owner;
    for (int i = 0; i < 20; ++i) {
      const int e = rng_.Pick(pool_.enterprises);
      if (pool_.parties[static_cast<size_t>(e)].county == r.county) return e;
    }
    return rng_.Pick(pool_.enterprises);
  }
  int Infringer(int other) {
    int p = other;
    while (p == other) {
      const int64_t r = rng_.Range(0, 99);
      p = r < 45   ? rng_.Pick(pool_.shops)
          : r < 85 ? rng_.Pick(pool_.enterprises)
                   : rng_.Pick(pool_.persons);
    }
    return p;
  }
  static void SetParties(CasePlan& p, std::initializer_list<std::pair<int, Role>> parties) {
    p.party_count = 0;
    for (const auto& [party, role] : parties) {
      p.parties[p.party_count] = party;
      p.roles[p.party_count] = role;
      ++p.party_count;
    }
  }
  void SetIps(CasePlan& p, int ip, double second_pct) {
    p.ips[0] = ip;
    p.ip_count = 1;
    const int owner = pool_.ips[static_cast<size_t>(ip)].owner;
    if (owner < 0 || !rng_.Percent(second_pct)) return;
    const auto& own = ips_by_owner_[owner];
    const int other = own[static_cast<size_t>(rng_.Range(0, static_cast<int64_t>(own.size()) - 1))];
    if (other != ip) {
      p.ips[1] = other;
      p.ip_count = 2;
    }
  }
  int64_t ClaimFen() {
    const int64_t yuan = kClaimYuan[rng_.Weighted(kClaimWeights)];
    return (yuan + rng_.Range(0, yuan / 100) * 10) * 100;  // a little off the round figure
  }

  // --- agencies -------------------------------------------------------------------------------
  uint16_t Idx(size_t i) const { return static_cast<uint16_t>(i); }
  uint16_t BasicCourt() { return Idx(agencies_.basic_courts[rng_.Weighted(kBasicCourtWeights)]); }
  // County bureaus act where the business or person is.
  uint16_t BureauOf(int party) const {
    return Idx(
        agencies_
            .county_bureaus[static_cast<size_t>(pool_.parties[static_cast<size_t>(party)].county)]);
  }
  const DemoAgency& Agency(uint16_t i) const { return agencies_.list[i]; }
  // The bureau that investigates what a complaint or report at `agency` reveals.
  uint16_t PenaltyOwner(uint16_t agency) const {
    return Agency(agency).type == "hotline" ? Idx(agencies_.enforcement_unit) : agency;
  }
  // The court that hears appeals from `court`.
  uint16_t AppealCourt(uint16_t court) const {
    return Agency(court).court_level == "basic" ? Idx(agencies_.intermediate_court)
                                                : Idx(agencies_.high_court);
  }

  // --- base cases -----------------------------------------------------------------------------
  void AddBase() {
    CasePlan p;
    p.kind = static_cast<Kind>(rng_.Weighted(kBaseWeights));
    p.received = ReceivedDay();
    switch (p.kind) {
      case Kind::kComplaint: {
        const int ip = PickIp(70, 12, 15, 3);
        const int complainant = rng_.Percent(50) ? Holder(ip) : rng_.Pick(pool_.persons);
        const int respondent = Infringer(complainant);
        const int r = rng_.Range(0, 99);
        p.agency = r < 45   ? Idx(agencies_.enforcement_unit)
                   : r < 80 ? BureauOf(respondent)
                            : Idx(agencies_.hotline);
        SetParties(p, {{complainant, Role::kComplainant}, {respondent, Role::kRespondent}});
        SetIps(p, ip, 0);
        if (Agency(p.agency).type == "hotline") {
          const uint8_t o = static_cast<uint8_t>(rng_.Percent(30) ? kComplaintTransferOutcome
                                                                  : kComplaintHotlineOutcome);
          return FollowUps(Push(p, o));
        }
        break;
      }
      case Kind::kReport: {
        const int ip = PickIp(75, 10, 15, 0);
        const int reporter = rng_.Pick(pool_.persons);
        const int respondent = Infringer(reporter);
        const int r = rng_.Range(0, 99);
        p.agency = r < 50   ? Idx(agencies_.enforcement_unit)
                   : r < 80 ? BureauOf(respondent)
                            : Idx(agencies_.hotline);
        SetParties(p, {{reporter, Role::kReporter}, {respondent, Role::kRespondent}});
        SetIps(p, ip, 0);
        break;
      }
      case Kind::kAdminPenalty: {
        const int ip = PickIp(70, 15, 15, 0);
        const int concerned = Infringer(Holder(ip));
        p.agency = rng_.Percent(60) ? Idx(agencies_.enforcement_unit) : BureauOf(concerned);
        SetParties(p, {{concerned, Role::kPartyConcerned}});
        SetIps(p, ip, 10);
        break;
      }
      case Kind::kPatentAdjudication: {
        p.agency = Idx(agencies_.enforcement_unit);
        const int ip = IpOf(pool_.patents);
        const int holder = Holder(ip);
        SetParties(p, {{holder, Role::kApplicant}, {Infringer(holder), Role::kRespondent}});
        SetIps(p, ip, 0);
        break;
      }
      case Kind::kMediation: {
        const int r = rng_.Range(0, 99);
        // Court-annexed mediation is left out: its numbers (民诉前调) are not the template
        // kind that register/case_numbers.h gives non-court kinds.
        p.agency = r < 80 ? Idx(agencies_.arbitration_centre) : Idx(agencies_.enforcement_unit);
        const int ip = PickIp(60, 20, 10, 10);
        const int holder = Holder(ip);
        SetParties(p, {{holder, Role::kApplicant}, {Infringer(holder), Role::kRespondent}});
        SetIps(p, ip, 0);
        break;
      }
      case Kind::kArbitration: {
        p.agency = Idx(agencies_.arbitration_centre);
        const int ip = PickIp(40, 35, 0, 25);
        const int holder = Holder(ip);
        int licensee = holder;
        while (licensee == holder) licensee = rng_.Pick(pool_.enterprises);
        SetParties(p, {{holder, Role::kApplicant}, {licensee, Role::kRespondent}});
        SetIps(p, ip, 10);
        p.claim_fen = ClaimFen();
        break;
      }
      case Kind::kCriminalFirst: {
        p.agency = BasicCourt();
        const int ip = PickIp(80, 0, 0, 20);
        SetParties(p, {{rng_.Pick(pool_.persons), Role::kAccused}, {Holder(ip), Role::kVictim}});
        SetIps(p, ip, 0);
        break;
      }
      default:
        return AddCivilFirst(p);
    }
    FollowUps(Push(p));
  }

  void AddCivilFirst(CasePlan p) {
    p.kind = Kind::kCivilFirst;
    const int ip = PickIp(55, 25, 7, 13);
    const auto ip_kind = pool_.ips[static_cast<size_t>(ip)].kind;
    // Invention patent cases and a share of the rest are heard by the intermediate court.
    const bool intermediate = ip_kind == IpKind::kInvention || rng_.Percent(15);
    p.agency = intermediate ? Idx(agencies_.intermediate_court) : BasicCourt();
    const int holder = Holder(ip);
    const int defendant = Infringer(holder);
    if (rng_.Percent(15)) {
      int second = Infringer(holder);
      if (second == defendant) second = Infringer(defendant);
      if (second != holder && second != defendant) {
        SetParties(p, {{holder, Role::kPlaintiff},
                       {defendant, Role::kDefendant},
                       {second, Role::kDefendant}});
      }
    }
    if (p.party_count == 0) {
      SetParties(p, {{holder, Role::kPlaintiff}, {defendant, Role::kDefendant}});
    }
    SetIps(p, ip, 20);
    p.claim_fen = ClaimFen();
    // Intermediate courts may not use the summary procedure (民诉法 Art. 160); small claims
    // are for small, simple debts (Art. 165).
    if (intermediate || p.claim_fen > 50000000) {
      p.procedure = Procedure::kOrdinary;
    } else if (p.claim_fen <= 5000000) {
      const int r = rng_.Range(0, 9);
      p.procedure = r < 5   ? Procedure::kSmallClaims
                    : r < 9 ? Procedure::kSummary
                            : Procedure::kOrdinary;
    } else {
      p.procedure = rng_.Percent(65) ? Procedure::kSummary : Procedure::kOrdinary;
    }
    if (!intermediate && rng_.Percent(10) && plans_.size() + 2 <= count_) {
      return AddDivertedCivilFirst(p);
    }
    FollowUps(Push(p));
  }

  // 诉前调解: the court sends the dispute to the arbitration centre before filing; the demo's
  // diverted disputes are those where mediation failed, so the court files them afterwards.
  void AddDivertedCivilFirst(CasePlan p) {
    PickOutcome(p);
    const size_t src = plans_.size();
    plans_.push_back(p);
    seen_[static_cast<size_t>(Kind::kCivilFirst)] = true;
    CasePlan m = p;
    m.kind = Kind::kMediation;
    m.procedure = Procedure::kNone;
    m.claim_fen = -1;
    m.agency = Idx(agencies_.arbitration_centre);
    m.received = Workday(p.received + Days(1, 3));
    m.roles[0] = Role::kApplicant;
    for (size_t i = 1; i < m.party_count; ++i) m.roles[i] = Role::kRespondent;
    m.link_peer = static_cast<int32_t>(src);
    m.link_type = LinkType::kDivertedTo;
    m.link_from_peer = true;
    if (m.received > today_) m.received = today_;
    const size_t mi = Push(m, kMediationFailed);
    const CasePlan& med = plans_[mi];
    CasePlan& civil = plans_[src];
    if (med.closed >= 0) {
      // The 7-day filing limit does not run during pre-litigation mediation.
      civil.received = p.received;
      const int32_t delay = med.closed + Days(1, 5) - civil.received;
      SetTimeline(civil, delay, DurationOf(civil));
    }
    FollowUps(src);
  }

  // --- derived cases --------------------------------------------------------------------------
  // Adds a case that follows from plans_[src], received on `received`; nothing when there is no
  // room or the date is after today.
  std::optional<size_t> Derive(size_t src, Kind kind, uint16_t agency, int32_t received,
                               LinkType link, bool from_src, std::initializer_list<Role> roles) {
    if (!Room() || received > today_) return std::nullopt;
    CasePlan p = plans_[src];
    p.kind = kind;
    p.agency = agency;
    p.received = Workday(received) > today_ ? received : Workday(received);
    p.filed = p.closed = -1;
    p.link_peer = static_cast<int32_t>(src);
    p.link_type = link;
    p.link_from_peer = from_src;
    if (kind != Kind::kCivilSecond && kind != Kind::kArbitration) p.claim_fen = -1;
    // The procedure field is a first-instance matter; appeals are heard by a panel anyway.
    p.procedure = Procedure::kNone;
    size_t i = 0;
    for (Role r : roles) {
      if (i < p.party_count) p.roles[i++] = r;
    }
    for (; i < p.party_count; ++i) p.roles[i] = *(roles.end() - 1);
    return Push(p);
  }
  // Whether to derive a case of `kind`: always while it, or (for admin_first) the appeal that
  // can only follow from it, is still missing; otherwise with `pct` percent.
  bool Want(Kind kind, double pct) {
    if (!seen_[static_cast<size_t>(kind)]) return true;
    if (kind == Kind::kAdminFirst && !seen_[static_cast<size_t>(Kind::kAdminSecond)]) return true;
    return rng_.Percent(pct);
  }

  void FollowUps(size_t i) {
    const CasePlan p = plans_[i];
    if (p.closed < 0 || !Room()) return;
    const Outcome& o = Outcomes(p.kind)[p.outcome];
    std::optional<size_t> next;
    switch (p.kind) {
      case Kind::kComplaint:
      case Kind::kReport:
        if (o.transfers) {
          next = Derive(i, Kind::kAdminPenalty, PenaltyOwner(p.agency), p.closed + Days(1, 7),
                        LinkType::kTransferredTo, true, {Role::kRespondent, Role::kPartyConcerned});
          if (next) {
            // Only the respondent is a party to the penalty case.
            CasePlan& pen = plans_[*next];
            pen.parties[0] = p.parties[1];
            pen.roles[0] = Role::kPartyConcerned;
            pen.party_count = 1;
          }
        } else if (o.diverts) {
          next = Derive(i, o.to_arbitration ? Kind::kArbitration : Kind::kMediation,
                        Idx(agencies_.arbitration_centre), p.closed + Days(0, 3),
                        LinkType::kDivertedTo, true, {Role::kApplicant, Role::kRespondent});
          if (next && o.to_arbitration) plans_[*next].claim_fen = ClaimFen();
        }
        break;
      case Kind::kAdminPenalty:
        if (o.appealable && Want(Kind::kAdminFirst, 8)) {
          // Suits against the bureaus go to 榆次 in the demo (a concentrated-jurisdiction
          // assumption); the defendant is the bureau that decided.
          const auto& a = Agency(p.agency);
          const int organ = pool_.organs[a.county < 0 ? 0 : static_cast<size_t>(a.county) + 1];
          next = Derive(i, Kind::kAdminFirst, Idx(agencies_.basic_courts[0]),
                        p.closed + Days(15, 150), LinkType::kRelated, false, {Role::kPlaintiff});
          if (next) {
            CasePlan& c = plans_[*next];
            c.parties[1] = organ;
            c.roles[1] = Role::kDefendant;
            c.party_count = 2;
          }
        }
        break;
      case Kind::kCivilFirst:
        if (o.appealable && p.procedure != Procedure::kSmallClaims &&
            Want(Kind::kCivilSecond, 30)) {
          // 小额诉讼 judgments are final (民诉法 Art. 165), so they are never appealed.
          next = Appeal(i, Kind::kCivilSecond);
        } else if (o.enforceable && Want(Kind::kEnforcement, 15)) {
          next =
              Derive(i, Kind::kEnforcement, p.agency, p.closed + Days(20, 180), LinkType::kRelated,
                     false, {Role::kEnforcementApplicant, Role::kEnforcementRespondent});
        }
        break;
      case Kind::kCivilSecond:
        if (o.enforceable && p.link_peer >= 0 && rng_.Percent(15)) {
          // Judgments are enforced by the court of first instance.
          next = Derive(i, Kind::kEnforcement, plans_[static_cast<size_t>(p.link_peer)].agency,
                        p.closed + Days(20, 180), LinkType::kRelated, false,
                        {Role::kEnforcementApplicant, Role::kEnforcementRespondent});
          if (next) FixEnforcementRoles(*next);
        }
        break;
      case Kind::kArbitration:
        if (o.enforceable && rng_.Percent(10)) {
          // Arbitral awards are enforced by the intermediate court.
          next = Derive(i, Kind::kEnforcement, Idx(agencies_.intermediate_court),
                        p.closed + Days(20, 180), LinkType::kRelated, false,
                        {Role::kEnforcementApplicant, Role::kEnforcementRespondent});
        }
        break;
      case Kind::kAdminFirst:
        if (o.appealable && Want(Kind::kAdminSecond, 35)) next = Appeal(i, Kind::kAdminSecond);
        break;
      case Kind::kCriminalFirst:
        if (o.appealable && Want(Kind::kCriminalSecond, 20)) {
          next = Derive(i, Kind::kCriminalSecond, AppealCourt(p.agency), p.closed + Days(11, 30),
                        LinkType::kAppealOf, false, {Role::kAccused, Role::kVictim});
        }
        break;
      default:
        break;
    }
    if (next) FollowUps(*next);
  }

  // A second-instance case at the court above; the losing side (usually the defendant)
  // appeals, within 15 days of the judgment plus the time to send the file up.
  std::optional<size_t> Appeal(size_t i, Kind kind) {
    const CasePlan& p = plans_[i];
    auto next = Derive(i, kind, AppealCourt(p.agency), p.closed + Days(16, 45), LinkType::kAppealOf,
                       false, {Role::kAppellant, Role::kAppellee});
    if (!next) return next;
    CasePlan& a = plans_[*next];
    if (rng_.Percent(70) || kind == Kind::kAdminSecond) {
      // The defendant appeals: it becomes the first party.
      std::swap(a.parties[0], a.parties[1]);
    }
    a.roles[0] = Role::kAppellant;
    for (size_t k = 1; k < a.party_count; ++k) a.roles[k] = Role::kAppellee;
    return next;
  }
  // An appeal may have swapped the sides; the applicant is the first-instance plaintiff.
  void FixEnforcementRoles(size_t e) {
    CasePlan& c = plans_[e];
    const CasePlan& first =
        plans_[static_cast<size_t>(plans_[static_cast<size_t>(c.link_peer)].link_peer)];
    for (size_t k = 0; k < c.party_count; ++k) {
      c.parties[k] = first.parties[k];
      c.roles[k] = k == 0 ? Role::kEnforcementApplicant : Role::kEnforcementRespondent;
    }
  }

  Rng& rng_;
  size_t count_;
  int32_t today_;
  int32_t start_ = 0;
  const DemoAgencies& agencies_;
  const DemoPool& pool_;
  std::vector<CasePlan> plans_;
  std::array<bool, kKindCount> seen_{};
  std::unordered_map<int, std::vector<int>> ips_by_owner_;
};

}  // namespace

std::vector<CasePlan> PlanCases(Rng& rng, int64_t count, const Date& today,
                                const DemoAgencies& agencies, const DemoPool& pool) {
  return Planner(rng, count, today, agencies, pool).Run();
}

}  // namespace sg::demo
