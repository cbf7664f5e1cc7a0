// The hash chain of the audit log (等保 2.0 level 3 安全审计; 网络安全法 第二十一条).
//
// Every row of `audit_log` carries the SHA-256 of the row before it, in the single writer's
// commit order (store/writer.h WriteContext::AppendAudit), so that editing, deleting or
// reordering an entry breaks the chain. This header fixes the exact bytes that are hashed, so
// that `shenguan audit verify` (auth/audit.h) and outside auditors, working from an export,
// compute the same hashes. The format is frozen: changing it invalidates every stored hash.
//
// Canonical text of entry `id` (AuditCanonicalText): a JSON array of the entry's columns in table
// order, without prev_hash and hash:
//
//   [id,at,actor_type,actor_id,actor_name,agency_id,ip,action,entity,entity_id,outcome,detail]
//
//  - integers (id, at in Unix milliseconds, actor_id, agency_id, entity_id) in decimal;
//  - texts as JSON strings; `detail` too is a string holding the JSON text byte for byte, as
//    stored, not an embedded value;
//  - an absent value is `null`;
//  - no whitespace between tokens. Inside strings `"` and `\` are escaped with a backslash;
//    U+0008, U+0009, U+000A, U+000C and U+000D as \b \t \n \f \r; other bytes below 0x20 as
//    \u00xx with lower-case hex; every other byte (non-ASCII UTF-8 included) is copied unchanged.
//    This is exactly what Python's json.dumps(row, ensure_ascii=False, separators=(",", ":"))
//    and JavaScript's JSON.stringify(row) produce.
//
// Example: [1,1700000000000,"user",7,"张三",3,"10.0.0.1","login.success",null,null,"success",null]
//
// Hash (AuditHash): lower-case hex SHA-256 of the UTF-8 bytes of
//   prev_hash + "\n" + canonical text
// where prev_hash is the previous entry's hash, or kAuditGenesisHash for entry 1.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/civil_time.h"

namespace sg::store {

// The prev_hash of entry 1: 64 '0' characters.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// One audit entry as a caller describes it; the writer adds id, prev_hash and hash.
struct AuditRecord {
  TimestampMs at = 0;      // 0 → the batch time
  std::string actor_type;  // user | token | system | anonymous
  std::optional<int64_t> actor_id;
  std::optional<std::string> actor_name;
  std::optional<int64_t> agency_id;
  std::optional<std::string> ip;
  std::string action;  // login.success, case.create, pii.read, audit.prune, …
  std::optional<std::string> entity;
  std::optional<int64_t> entity_id;
  std::string outcome = "success";    // success | failure
  std::optional<std::string> detail;  // JSON text
};

// The newest entry of the chain: its id (0 for an empty log) and hash (kAuditGenesisHash then).
struct AuditChainTip {
  int64_t last_id = 0;
  std::string last_hash{kAuditGenesisHash};
};

// Throws std::invalid_argument unless actor_type and outcome are among the values above, action
// is not empty and detail, when present, is one JSON text. These are program bugs, not user
// input: an entry, once written, can never be corrected.
void CheckAuditRecord(const AuditRecord& r);

// The canonical text of entry `id` (format above).
std::string AuditCanonicalText(int64_t id, const AuditRecord& r);

// Lower-case hex SHA-256 of prev_hash_hex + "\n" + canonical.
std::string AuditHash(std::string_view prev_hash_hex, std::string_view canonical);

}  // namespace sg::store
