// The demo's case plan: every case's kind, owner, parties, IP rights, dates and outcome, decided
// before anything is written, so that cases can be written in filing-date order (which keeps
// case-number sequences in date order) and derived cases (appeals, transfers, enforcement) can
// refer to the case they come from.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "base/civil_time.h"
#include "demo/agencies.h"
#include "demo/pool.h"
#include "demo/rng.h"

namespace sg::demo {

// The dict case_kind values, in dict order.
enum class Kind : uint8_t {
  kComplaint,
  kReport,
  kAdminPenalty,
  kPatentAdjudication,
  kMediation,
  kArbitration,
  kCivilFirst,
  kCivilSecond,
  kAdminFirst,
  kAdminSecond,
  kCriminalFirst,
  kCriminalSecond,
  kEnforcement
};
inline constexpr int kKindCount = 13;
std::string_view KindValue(Kind kind);

// The dict party_role values the demo uses.
enum class Role : uint8_t {
  kPlaintiff,
  kDefendant,
  kAppellant,
  kAppellee,
  kComplainant,
  kReporter,
  kRespondent,
  kPartyConcerned,
  kApplicant,
  kAccused,
  kVictim,
  kEnforcementApplicant,
  kEnforcementRespondent
};
std::string_view RoleValue(Role role);

enum class Procedure : uint8_t { kNone, kOrdinary, kSummary, kSmallClaims };
std::string_view ProcedureValue(Procedure p);  // empty for kNone

// What a derived case's link to its source says (case_links, dict link_type). The link always
// runs from `from` to `to`:
//   transferred_to: complaint/report -> the admin_penalty case it became;
//   diverted_to:    complaint or civil_first -> the mediation/arbitration case it went to;
//   appeal_of:      second-instance case -> the first-instance case it appeals;
//   related:        enforcement -> the case whose judgment it enforces, and
//                   admin_first -> the penalty case it challenges.
enum class LinkType : uint8_t { kNone, kTransferredTo, kDivertedTo, kAppealOf, kRelated };
std::string_view LinkTypeValue(LinkType t);

struct CasePlan {
  // Days since 1970-01-01 (sg::Date::ToDays); -1 when the step has not happened by today.
  int32_t received = 0;
  int32_t filed = -1;
  int32_t closed = -1;
  Kind kind = Kind::kCivilFirst;
  Procedure procedure = Procedure::kNone;
  uint8_t outcome = 0;  // index into Outcomes(kind); meaningful once closed
  uint8_t party_count = 0;
  uint8_t ip_count = 0;
  uint16_t agency = 0;               // index into DemoAgencies::list
  std::array<int32_t, 3> parties{};  // indexes into DemoPool::parties
  std::array<Role, 3> roles{};
  std::array<int32_t, 2> ips{};  // indexes into DemoPool::ips
  int64_t claim_fen = -1;        // -1: no claim amount
  int32_t link_peer = -1;        // index of the source plan, -1 for none
  LinkType link_type = LinkType::kNone;
  bool link_from_peer = false;  // true: the link runs source -> this case
};

// How a case ended, shown in its closed event. Flags drive derived cases.
struct Outcome {
  std::string_view text;
  std::string_view code;  // dict case_outcome: what the closing action records
  int weight;
  bool appealable = false;   // a judgment that may be appealed
  bool enforceable = false;  // gives a title for enforcement
  bool transfers = false;    // complaint/report handed to a penalty case
  bool diverts = false;      // complaint sent to mediation (or arbitration when `to_arbitration`)
  bool to_arbitration = false;
};
const std::vector<Outcome>& Outcomes(Kind kind);

// Plans exactly `count` cases received between 2022-01-01 (or a year before `today`, if that is
// earlier) and `today`, in no particular order. Deterministic for a given rng state.
std::vector<CasePlan> PlanCases(Rng& rng, int64_t count, const Date& today,
                                const DemoAgencies& agencies, const DemoPool& pool);

}  // namespace sg::demo
