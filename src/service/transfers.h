// Transfers, diversions and appeals between agencies (shared/API.md "Sharing"), the chain of
// cases they build, and the cases related by party or IP right.
//
// A hand-over creates the receiving case at once (status received, same parties, IP rights,
// title, claim and tags) with a link back (case_links), and a transfer record the receiving agency
// answers: accept (the case goes on in its workflow) or return with a reason (the receiving case
// is closed with outcome `returned`). Both agencies see both cases from then on (case_access, the
// cross-agency visibility of auth/scope.h). Everything — the case, the link, the access rows, the
// record, the events, the feed changes (the receiving case as `created`, the source case as a
// `snapshot` for its new viewers, the transfer) and the audit entry — is one writer transaction.
//
// Types and what they may open (shared/API.md; 行政执法机关移送涉嫌犯罪案件的规定; 民事诉讼法
// 第171条):
//   transfer   (移送) any kind the receiving agency handles (reg::AgencyMayOwn): a complaint that
//              becomes the enforcement unit's admin_penalty case, a penalty case sent to the
//              police as a report (clue) of a suspected crime;
//   diversion  (分流) mediation, arbitration or patent_adjudication instead of litigation;
//   appeal     (上诉) the second instance of a closed first instance (civil, administrative,
//              criminal) at a court of a higher level.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "auth/principal.h"
#include "base/params.h"
#include "service/case_actions.h"
#include "store/db.h"
#include "store/writer.h"

namespace sg::svc {

struct TransferRequest {
  std::string type;  // transfer | diversion | appeal
  int64_t to_agency_id = 0;
  std::string kind;  // the receiving case's kind
  std::string reason;
};
// {"type", "to_agency_id", "kind", "reason"}; 400 naming the field for a malformed body.
TransferRequest ParseTransferRequest(const boost::json::value& body);

// POST /api/v1/cases/{id}/transfers. The source case must be visible (404) and belong to an
// agency in the caller's scope (403); the rules above are 400 naming the field, a second pending
// hand-over of the same case to the same agency 409. Returns {id, uid, type, status: "pending",
// from_case_id, receiving_case_id, to_agency_id, kind, reason}.
boost::json::object CreateTransfer(store::WriteContext& ctx, const Clockwork& clock,
                                   int64_t case_id, const TransferRequest& req,
                                   const auth::Actor& actor);

// POST /api/v1/transfers/{id}/accept and /return. Only the receiving agency answers (a transfer
// neither side of which is in scope is 404; the sender answering is 403), only once (409). A
// return needs its reason (400 naming `reason`).
boost::json::object AnswerTransfer(store::WriteContext& ctx, const Clockwork& clock,
                                   int64_t transfer_id, bool accept,
                                   const std::optional<std::string>& reason,
                                   const auth::Actor& actor);

// Closes a receiving case whose transfer was returned (here, or on the instance hosting its
// agency: federation/apply.h): status closed on today, outcome `returned`, stage its workflow's
// not-accepted state (else its first final state), running deadlines met, counters updated.
// Does nothing to a case already closed.
void CloseReturnedCase(store::Connection& conn, const Clockwork& clock, int64_t case_id,
                       TimestampMs now);

// GET /api/v1/transfers?direction=in|out&status=pending|accepted|returned&limit=&cursor=: the
// inbox (to agencies in scope) or outbox (from them), newest first. {items, next_cursor}.
boost::json::object ListTransfers(store::Connection& conn, const auth::Principal& p,
                                  const Params& params);

// GET /api/v1/cases/{id}/chain: every case linked to this one, transitively, through
// case_links, as {cases: [...], links: [{from, to, type}]}; cases outside the caller's scope are
// left out, and so are the links that touch them. 404 when the case itself is not visible.
boost::json::object GetCaseChain(store::Connection& conn, const auth::Principal& p, int64_t case_id,
                                 Date today);

// GET /api/v1/cases/{id}/related: the other cases, in scope, of the same parties (a party record
// is one per USCC or ID number, so a company is the same party in every agency) or the same IP
// rights (one record per normalised number), each with `via` naming what they share.
boost::json::object ListRelatedCases(store::Connection& conn, const auth::Principal& p,
                                     int64_t case_id, Date today);

}  // namespace sg::svc
