// The database half of a case import, shared by the column mapping (import_cases.cpp) and the
// hotline mappings (import_hotline.cpp): a case draft, validated on its own, is checked against
// the database (agency by name, data scope, the kind the agency handles, case number, parties, IP
// rights) and stored the way CreateCase stores a case: workflow, counters, event, feed change.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "exchange/import_rows.h"
#include "register/case_numbers.h"
#include "register/records.h"
#include "register/search.h"
#include "service/counters.h"

namespace sg::exch {

inline constexpr size_t kMaxCaseTitle = 600;
inline constexpr size_t kMaxCaseSummary = 8000;

struct DraftParty {
  std::string role;
  reg::NewParty party;
  std::string field;  // for messages
};

struct DraftIp {
  std::string type;
  std::string number;  // or, for a right without a number, its name
  std::string uid;     // for a right without a number: which of those with that name
};

// A case row validated on its own, before the database is asked anything.
struct CaseDraft {
  reg::NewCase row;
  std::optional<int64_t> agency_id;
  std::optional<std::string> agency_name;
  std::vector<DraftParty> parties;
  std::vector<DraftIp> ips;
};

// A list of tags (cell or NDJSON array): at most 20, each at most 60 bytes.
std::vector<std::string> ParseTags(const Cell& c, const std::string& field);

class CaseStore {
 public:
  explicit CaseStore(ImportEnv& env) : env_(env), counts_(env.clock.workflows) {
    if (!env.options.partial) terms_.emplace();
  }
  // Unchanged when the case exists (by uid or external id); otherwise checks and stores it, or
  // throws ApiError naming the column (agency, case_number, ip_rights, parties). A case number
  // given in the file raises its agency's numbering sequence to at least its number, so that
  // cases numbered later do not collide with it. The stored cases' counters are written by
  // Finish.
  RowOutcome Store(CaseDraft& d, int64_t line);
  // Writes the dashboard counters and search terms of the cases stored (gathered across rows).
  // Call it after the last row, in the same transaction.
  void Finish();

 private:
  // The facts of a case's agency the checks need, read once per import.
  struct AgencyFacts {
    int64_t id = 0;
    reg::NumberingAgency numbering;
    std::string court_level;
    bool in_scope = false;
  };
  const AgencyFacts& Agency(const CaseDraft& d);

  ImportEnv& env_;
  svc::CountBatch counts_;
  // All-or-nothing imports only: a partial import's rolled-back row must take its terms along.
  std::optional<reg::TermBatch> terms_;
  std::map<std::string, int64_t> cache_by_name_;
  std::map<int64_t, AgencyFacts> agencies_;
};

}  // namespace sg::exch
