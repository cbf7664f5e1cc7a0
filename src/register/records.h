// Rows of the unified case register and the statements that insert them.
//
// These are the only functions that INSERT agencies, users, parties, IP rights, cases, links and
// events. The API (cases.h, parties.h, …) calls them inside the writer after validating input;
// the demo loader calls them in bulk. They trust their input: validation happens before.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/civil_time.h"
#include "store/db.h"

namespace sg::reg {

struct NewAgency {
  std::string uid;
  std::optional<int64_t> parent_id;
  std::string name;
  std::string abbr;
  std::string type;  // dict agency_type
  std::optional<std::string> court_level;
  std::optional<std::string> court_code;
  std::optional<std::string> area_code;
  std::optional<std::string> case_number_template;
};
// Inserts an agency and sets its materialised path. Returns its id.
int64_t InsertAgency(store::Connection& conn, TimestampMs now, const NewAgency& a);

struct NewUser {
  std::string uid;
  std::string username;
  std::string display_name;
  int64_t agency_id = 0;
  std::optional<std::string> title;
};
int64_t InsertUser(store::Connection& conn, TimestampMs now, const NewUser& u);

struct NewParty {
  std::string uid;
  std::string type;  // person | organization
  std::string name;
  std::optional<std::string> uscc;       // normalised, valid
  std::optional<std::string> id_number;  // normalised, valid
  std::optional<std::string> phone;
  std::optional<std::string> address;
  std::optional<std::string> source_system;
  std::optional<std::string> external_id;
  // The agency that registered the party (auth::PartyScope); none for imports and the system.
  std::optional<int64_t> agency_id;
};
int64_t InsertParty(store::Connection& conn, TimestampMs now, const NewParty& p);

struct NewIpRight {
  std::string uid;
  std::string type;  // dict ip_type
  std::optional<std::string> number;
  std::string title;
  std::optional<int64_t> owner_party_id;
  std::optional<int64_t> nice_class;
  std::optional<std::string> filed_on;
  std::optional<std::string> granted_on;
  std::string status = "valid";
  std::optional<std::string> area_code;
  std::optional<std::string> source_system;
  std::optional<std::string> external_id;
};
int64_t InsertIpRight(store::Connection& conn, TimestampMs now, const NewIpRight& r);
// The matching key of an IP number: patents by their normalised application number, others by
// their compacted text.
std::string IpNumberKey(const std::string& type, const std::string& number);

struct CaseParty {
  int64_t party_id = 0;
  std::string role;  // dict party_role
  // How the case shows the party. When `name` is empty, InsertCase reads name and type.
  std::string type;
  std::string name;
};

struct CaseIpRight {
  int64_t ip_right_id = 0;
  // How the case shows the right. When `type` is empty, InsertCase reads type, number, title.
  std::string type;
  std::optional<std::string> number;
  std::string title;
};

struct NewCase {
  std::string uid;
  std::string kind;
  std::optional<std::string> procedure;
  int64_t agency_id = 0;
  std::optional<int64_t> handler_id;
  std::vector<int64_t> panel_ids;
  std::string title;
  std::optional<std::string> case_number;
  std::string status;
  std::string received_on;
  std::optional<std::string> filed_on;
  std::optional<std::string> closed_on;
  std::optional<int64_t> claim_amount_fen;
  std::vector<std::string> tags;
  std::optional<std::string> summary;
  std::optional<std::string> area_code;
  std::optional<std::string> source_system;
  std::optional<std::string> external_id;
  std::vector<CaseParty> parties;
  std::vector<CaseIpRight> ip_rights;
  TimestampMs created_at = 0;
  // A case registered closed (bulk loads): what its closing action recorded (workflows/*.json).
  std::optional<std::string> outcome;        // dict case_outcome
  std::optional<std::string> appeal_result;  // dict appeal_result
  std::optional<std::string> document_number;
  std::optional<int64_t> awarded_amount_fen, enforce_amount_fen, recovered_amount_fen, fine_fen;
};
class TermBatch;  // register/search.h
// Inserts the case with its panel, parties, IP links, search terms and read model (`detail`).
// Returns its id. With `terms` the search terms go to that batch (a bulk writer's).
int64_t InsertCase(store::Connection& conn, const NewCase& c, TermBatch* terms = nullptr);

// Rewrites a case's read model (`cases.detail`: its parties, IP rights and panel, rendered) from
// the link tables. Call it in the same transaction as any change to those, or to the name of a
// party or the number or title of an IP right the case shows.
void RefreshCaseDetail(store::Connection& conn, int64_t case_id);

int64_t InsertCaseLink(store::Connection& conn, TimestampMs now, int64_t from_case_id,
                       int64_t to_case_id, const std::string& type);

struct NewEvent {
  std::string uid;
  int64_t case_id = 0;
  std::string type;  // dict event_type
  std::optional<int64_t> actor_id;
  TimestampMs at = 0;
  std::optional<std::string> effective_on;
  std::optional<std::string> before;  // JSON
  std::optional<std::string> after;   // JSON
  std::optional<std::string> note;
};
int64_t InsertEvent(store::Connection& conn, const NewEvent& e);

// Rebuilds a case's search terms from its stored title, number, parties and IP rights.
void ReindexCase(store::Connection& conn, int64_t case_id);

}  // namespace sg::reg
