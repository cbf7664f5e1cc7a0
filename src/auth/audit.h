// The audit trail (等保 2.0 level 3 安全审计; 网络安全法 第二十一条): checking its hash chain,
// retention, the list behind GET /api/v1/audit, and the export for outside auditors.
//
// Entries are appended only by the single writer (store::WriteContext::AppendAudit); the chain's
// exact format is in store/audit_chain.h.
//
// What the chain proves: editing, reordering or deleting an entry in the middle, or deleting the
// oldest entries without a prune, breaks it. What it cannot prove on its own:
//  - deleting the newest entries leaves a shorter chain that is still valid. The writer knows its
//    last id (store::Writer::CommittedAuditTip); pass it as `expected_last_id`, or compare with
//    the last id and hash of an earlier export kept elsewhere;
//  - the hashes carry no secret, so someone who can write the database and recomputes every
//    later hash is caught only against a last hash kept outside the database (an export, a
//    report). Keep exports where the database's administrators cannot change them.
//
// Thread-safety: plain functions; each uses the connection it is given from one thread.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "auth/principal.h"
#include "base/civil_time.h"
#include "base/params.h"
#include "store/db.h"
#include "store/writer.h"

namespace sg::auth {

// The result of VerifyAuditChain.
struct ChainCheck {
  bool ok = true;
  // Entries found intact before the first break (all entries when ok).
  int64_t checked = 0;
  // The first entry that is missing or wrong, when !ok.
  std::optional<int64_t> first_broken_id;
  // Why, in English for operators: "hash mismatch", "prev_hash does not match entry 41",
  // "entry 42 missing", …
  std::string reason;
};

// Walks the log in id order, in batches within one read snapshot (memory stays flat for any
// length), and checks that:
//  - ids follow each other without gaps;
//  - each entry's prev_hash is the previous entry's hash (kAuditGenesisHash for entry 1);
//  - each hash is the recomputation from the entry's columns;
//  - a log that starts after id 1 is vouched for by an "audit.prune" entry (PruneAudit) that
//    recorded exactly the id before the first entry and that entry's hash; otherwise the head is
//    reported missing;
//  - with `expected_last_id`, the log reaches at least that id (later entries are ones appended
//    since).
// Stops at the first break. `conn` must not be inside a transaction: use a reader. Throws DbError.
ChainCheck VerifyAuditChain(store::Connection& conn,
                            std::optional<int64_t> expected_last_id = std::nullopt);

// GET /api/v1/audit/verify: VerifyAuditChain(conn, expected_last_id), the check that
// `shenguan audit verify` runs, as {"ok", "checked", "first_broken_id" (null when ok), "reason"
// (English for operators, null when ok), "expected_last_id" (null when not given)}. The whole
// chain is checked whatever the caller's agency scope: a break anywhere concerns every reader.
boost::json::object VerifyAuditChainJson(store::Connection& conn,
                                         std::optional<int64_t> expected_last_id);

// 网络安全法 第二十一条: network logs are kept for no less than six months.
inline constexpr int kAuditMinRetentionDays = 180;
inline constexpr std::string_view kAuditPruneAction = "audit.prune";

// Deletes the oldest entries, those before 00:00 China time of `before`, and returns how many.
// Refuses (ApiError invalid_field, field "before") when `before` is later than `today` minus
// kAuditMinRetentionDays. Only a prefix of the chain is removed: deletion stops at the first entry
// at or after that instant, so an older entry that follows it (an entry written with its own
// earlier `at`) is kept. Before deleting it appends, as actor "system", an entry with action
// "audit.prune", entity "audit_log" and detail
//   {"before":"YYYY-MM-DD","pruned_from_id":F,"pruned_through_id":N,"pruned_through_hash":H}
// (H the hash of entry N), which vouches for the log now starting at N + 1. Appends nothing and
// returns 0 when there is nothing to delete. The caller records who asked in an entry of its own,
// and runs VerifyAuditChain first: a prune erases whatever evidence the pruned entries held.
int64_t PruneAudit(store::WriteContext& ctx, Date before, Date today);

// GET /api/v1/audit, newest first. Filters (all optional, combined with AND):
//   actor_id, entity_id   positive integers
//   actor_type            user | token | system | anonymous
//   action                exact, or a prefix when it ends with '*' ("login.*"); letters, digits
//                         and . _ - : only
//   entity, ip            exact
//   outcome               success | failure
//   from, to              inclusive YYYY-MM-DD days in China time
//   limit                 1..500, default 50
//   cursor                the next_cursor of the previous page
// Returns {"items":[{id, at (RFC 3339 +08:00), actor_type, actor_id, actor_name, agency_id, ip,
// action, entity, entity_id, outcome, detail (parsed JSON, or null), hash}], "next_cursor": string
// or null}. A bad value is an ApiError invalid_field naming the parameter.
// Entries outside the caller's agency scope (by the acting account's agency) are left out.
boost::json::object ListAudit(store::Connection& conn, const Principal& p, const Params& params);

// Writes the entries whose `at` falls in [from, to] (inclusive China-time days; open ends when
// absent) to `out` as NDJSON in id order, one object per line with every column as stored:
//   {"id","at" (Unix ms),"actor_type","actor_id","actor_name","agency_id","ip","action","entity",
//    "entity_id","outcome","detail" (the JSON text as a string, byte for byte as hashed),
//    "prev_hash","hash"}
// so that an auditor can recompute each hash (store/audit_chain.h) and the links between lines.
// Reads within one snapshot, in batches. `conn` must not be inside a transaction. Throws DbError.
void ExportAudit(store::Connection& conn, std::ostream& out, std::optional<Date> from,
                 std::optional<Date> to);

}  // namespace sg::auth
