#include "auth/audit.h"

#include "auth/scope.h"
#include "store/conditions.h"

#include <sodium.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <vector>

#include "base/errors.h"
#include "base/json_text.h"
#include "store/audit_chain.h"

namespace sg::auth {
namespace {

// Rows read per query when walking or exporting the whole log.
constexpr int64_t kPageRows = 1000;
constexpr int64_t kListDefaultLimit = 50;
constexpr int64_t kListMaxLimit = 500;
constexpr size_t kMaxFilterLength = 200;

// Every query below selects the columns in this order, as ReadEntry expects.
constexpr std::string_view kChainPage =
    "SELECT id, at, actor_type, actor_id, actor_name, agency_id, ip, action, entity, entity_id, "
    "outcome, detail, prev_hash, hash FROM audit_log WHERE id > ? ORDER BY id LIMIT ?";
constexpr std::string_view kExportPage =
    "SELECT id, at, actor_type, actor_id, actor_name, agency_id, ip, action, entity, entity_id, "
    "outcome, detail, prev_hash, hash FROM audit_log WHERE id > ? AND at >= ? AND at < ? "
    "ORDER BY id LIMIT ?";
constexpr std::string_view kListSelect =
    "SELECT id, at, actor_type, actor_id, actor_name, agency_id, ip, action, entity, entity_id, "
    "outcome, detail, prev_hash, hash FROM audit_log";
constexpr std::string_view kFirstId = "SELECT MIN(id) FROM audit_log";
constexpr std::string_view kLastId = "SELECT MAX(id) FROM audit_log";
constexpr std::string_view kPruneEntries =
    "SELECT id, detail FROM audit_log WHERE action = ? ORDER BY id";
constexpr std::string_view kFirstKeptId =
    "SELECT id FROM audit_log WHERE at >= ? ORDER BY id LIMIT 1";
constexpr std::string_view kHashOf = "SELECT hash FROM audit_log WHERE id = ?";
constexpr std::string_view kDeleteThrough = "DELETE FROM audit_log WHERE id <= ?";

struct Entry {
  int64_t id = 0;
  store::AuditRecord record;
  std::string prev_hash;
  std::string hash;
};

Entry ReadEntry(store::Rows& r) {
  Entry e;
  e.id = r.Int(0);
  e.record.at = r.Int(1);
  e.record.actor_type = r.Str(2);
  e.record.actor_id = r.OptInt(3);
  e.record.actor_name = r.OptStr(4);
  e.record.agency_id = r.OptInt(5);
  e.record.ip = r.OptStr(6);
  e.record.action = r.Str(7);
  e.record.entity = r.OptStr(8);
  e.record.entity_id = r.OptInt(9);
  e.record.outcome = r.Str(10);
  e.record.detail = r.OptStr(11);
  e.prev_hash = r.Str(12);
  e.hash = r.Str(13);
  return e;
}

// One read transaction around a walk in pages, so that a prune committed meanwhile is not taken
// for deleted entries. Read-only: ending it changes nothing.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(store::Connection& conn) : conn_(conn) {
    // Store's Begin() is the writer's (SQLite BEGIN IMMEDIATE takes the write lock); a deferred
    // BEGIN on SQLite's WAL and REPEATABLE READ on PostgreSQL give a snapshot without locking.
    conn_.ExecScript(conn_.engine() == store::Engine::kPostgres
                         ? "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                         : "BEGIN");
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;
  ~ReadSnapshot() {
    try {
      conn_.ExecScript("COMMIT");
    } catch (...) {  // Destructors must not throw; the connection reports on next use.
    }
  }

 private:
  store::Connection& conn_;
};

// ---- Verification ----

// What an audit.prune entry vouches for: the log may start at through_id + 1, whose prev_hash is
// through_hash.
struct Voucher {
  int64_t entry_id;
  int64_t through_id;
  std::string through_hash;
};

std::vector<Voucher> LoadVouchers(store::Connection& conn) {
  std::vector<Voucher> out;
  auto rows = conn.Query(kPruneEntries, kAuditPruneAction);
  while (rows.Next()) {
    if (rows.IsNull(1)) continue;
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(rows.Text(1), ec);
    if (ec || !v.is_object()) continue;
    const auto* id = v.as_object().if_contains("pruned_through_id");
    const auto* hash = v.as_object().if_contains("pruned_through_hash");
    if (!id || !id->is_int64() || !hash || !hash->is_string()) continue;
    out.push_back(Voucher{rows.Int(0), id->as_int64(), std::string(hash->as_string())});
  }
  return out;
}

ChainCheck Broken(int64_t checked, int64_t id, std::string reason) {
  return ChainCheck{false, checked, id, std::move(reason)};
}

std::string Missing(int64_t id) { return "entry " + std::to_string(id) + " missing"; }

// The first entry present: entry 1 after the genesis hash, or a later one that a prune vouches
// for. Returns the break, if any.
std::optional<ChainCheck> CheckHead(const Entry& first, const std::vector<Voucher>& vouchers) {
  if (first.id == 1) {
    if (first.prev_hash == store::kAuditGenesisHash) return std::nullopt;
    return Broken(0, 1, "prev_hash of entry 1 is not the genesis hash");
  }
  const Voucher* same_start = nullptr;
  int64_t missing_from = 1;  // after the newest prune that ended earlier
  for (const auto& v : vouchers) {
    if (v.through_id == first.id - 1) {
      if (v.through_hash == first.prev_hash) return std::nullopt;
      same_start = &v;
    } else if (v.through_id < first.id - 1) {
      missing_from = std::max(missing_from, v.through_id + 1);
    }
  }
  if (same_start) {
    return Broken(0, first.id,
                  "prev_hash does not match the hash that audit.prune entry " +
                      std::to_string(same_start->entry_id) + " recorded for entry " +
                      std::to_string(same_start->through_id));
  }
  return Broken(0, missing_from,
                Missing(missing_from) + " (no audit.prune entry vouches for a log starting at " +
                    "entry " + std::to_string(first.id) + ")");
}

// ---- Listing ----

using Filter = store::Conditions;

std::optional<int64_t> ToInt(std::string_view s) {
  int64_t v = 0;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (res.ec != std::errc() || res.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<int64_t> PositiveIntParam(const Params& params, const char* name) {
  auto s = params.Get(name);
  if (!s) return std::nullopt;
  auto v = ToInt(*s);
  if (!v || *v < 1) ThrowInvalidField(name, "应为正整数编号");
  return v;
}

std::optional<std::string> TextParam(const Params& params, const char* name) {
  auto s = params.Get(name);
  if (s && (s->empty() || s->size() > kMaxFilterLength)) {
    ThrowInvalidField(name, "不能为空，且不超过 " + std::to_string(kMaxFilterLength) + " 个字节");
  }
  return s;
}

std::optional<std::string> EnumParam(const Params& params, const char* name,
                                     std::initializer_list<std::string_view> allowed,
                                     const char* message) {
  auto s = params.Get(name);
  if (s && std::find(allowed.begin(), allowed.end(), *s) == allowed.end()) {
    ThrowInvalidField(name, message);
  }
  return s;
}

std::optional<Date> DateParam(const Params& params, const char* name) {
  auto s = params.Get(name);
  if (!s) return std::nullopt;
  auto d = Date::Parse(*s);
  if (!d) ThrowInvalidField(name, "应为有效日期，格式 YYYY-MM-DD");
  return d;
}

bool IsActionChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-' || c == ':';
}

void AddActionFilter(Filter& f, const Params& params) {
  auto s = params.Get("action");
  if (!s) return;
  std::string_view v = *s;
  const bool prefix = !v.empty() && v.back() == '*';
  if (prefix) v.remove_suffix(1);
  if ((v.empty() && !prefix) || v.size() > kMaxFilterLength ||
      !std::all_of(v.begin(), v.end(), IsActionChar)) {
    ThrowInvalidField("action",
                      "应为操作代码（如 login.success），或以 * 结尾的前缀（如 login.*）");
  }
  if (!prefix) {
    f.Add("action = ?", std::string(v));
  } else if (!v.empty()) {
    // A range, not LIKE: SQLite's LIKE ignores ASCII case and PostgreSQL's does not. The bound
    // stays ASCII because every allowed character is at most 'z'.
    std::string upper(v);
    ++upper.back();
    f.Add("action >= ?", std::string(v));
    f.Add("action < ?", std::move(upper));
  }
}

// Cursors as in service/paging.h: base64url without padding of {"id":N}.
std::string EncodeIdCursor(int64_t id) {
  const std::string json = boost::json::serialize(boost::json::object{{"id", id}});
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(json.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(json.data()),
                    json.size(), variant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::optional<int64_t> DecodeIdCursor(const std::string& cursor) {
  std::vector<unsigned char> raw(cursor.size());
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(raw.data(), raw.size(), cursor.data(), cursor.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != cursor.data() + cursor.size()) {
    return std::nullopt;
  }
  boost::system::error_code ec;
  const boost::json::value v =
      boost::json::parse(std::string_view(reinterpret_cast<const char*>(raw.data()), len), ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto* id = v.as_object().if_contains("id");
  if (!id || !id->is_int64() || id->as_int64() < 1) return std::nullopt;
  return id->as_int64();
}

template <typename T>
boost::json::value OrNull(const std::optional<T>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

boost::json::object ItemJson(const Entry& e) {
  const auto& r = e.record;
  boost::json::value detail = nullptr;
  if (r.detail) {
    boost::system::error_code ec;
    detail = boost::json::parse(*r.detail, ec);
    if (ec) detail = boost::json::string(*r.detail);  // never hide what was stored
  }
  return boost::json::object{
      {"id", e.id},
      {"at", FormatTimestamp(r.at)},
      {"actor_type", r.actor_type},
      {"actor_id", OrNull(r.actor_id)},
      {"actor_name", OrNull(r.actor_name)},
      {"agency_id", OrNull(r.agency_id)},
      {"ip", OrNull(r.ip)},
      {"action", r.action},
      {"entity", OrNull(r.entity)},
      {"entity_id", OrNull(r.entity_id)},
      {"outcome", r.outcome},
      {"detail", std::move(detail)},
      {"hash", e.hash},
  };
}

// ---- Export ----

void IntOrNull(JsonObjectText& o, std::string_view key, const std::optional<int64_t>& v) {
  if (v) {
    o.Int(key, *v);
  } else {
    o.Null(key);
  }
}

void StrOrNull(JsonObjectText& o, std::string_view key, const std::optional<std::string>& v) {
  if (v) {
    o.Str(key, *v);
  } else {
    o.Null(key);
  }
}

void AppendExportLine(std::string& out, const Entry& e) {
  const auto& r = e.record;
  JsonObjectText o(out);
  o.Int("id", e.id);
  o.Int("at", r.at);
  o.Str("actor_type", r.actor_type);
  IntOrNull(o, "actor_id", r.actor_id);
  StrOrNull(o, "actor_name", r.actor_name);
  IntOrNull(o, "agency_id", r.agency_id);
  StrOrNull(o, "ip", r.ip);
  o.Str("action", r.action);
  StrOrNull(o, "entity", r.entity);
  IntOrNull(o, "entity_id", r.entity_id);
  o.Str("outcome", r.outcome);
  StrOrNull(o, "detail", r.detail);
  o.Str("prev_hash", e.prev_hash);
  o.Str("hash", e.hash);
  o.Close();
  out.push_back('\n');
}

}  // namespace

ChainCheck VerifyAuditChain(store::Connection& conn, std::optional<int64_t> expected_last_id) {
  ReadSnapshot snapshot(conn);
  std::vector<Voucher> vouchers;
  if (conn.QueryInt(kFirstId).value_or(1) > 1) vouchers = LoadVouchers(conn);

  ChainCheck result;
  int64_t last_id = 0;
  std::string last_hash;
  for (;;) {
    int64_t page_rows = 0;
    auto rows = conn.Query(kChainPage, last_id, kPageRows);
    while (rows.Next()) {
      ++page_rows;
      Entry e = ReadEntry(rows);
      if (last_id == 0) {
        if (auto broken = CheckHead(e, vouchers)) return *broken;
      } else if (e.id != last_id + 1) {
        return Broken(result.checked, last_id + 1, Missing(last_id + 1));
      } else if (e.prev_hash != last_hash) {
        return Broken(result.checked, e.id,
                      "prev_hash does not match entry " + std::to_string(last_id));
      }
      if (store::AuditHash(e.prev_hash, store::AuditCanonicalText(e.id, e.record)) != e.hash) {
        return Broken(result.checked, e.id, "hash mismatch");
      }
      ++result.checked;
      last_id = e.id;
      last_hash = std::move(e.hash);
    }
    if (page_rows < kPageRows) break;
  }
  if (expected_last_id && last_id < *expected_last_id) {
    return Broken(result.checked, last_id + 1,
                  Missing(last_id + 1) + " (the log ends at entry " + std::to_string(last_id) +
                      ", expected at least entry " + std::to_string(*expected_last_id) + ")");
  }
  return result;
}

boost::json::object VerifyAuditChainJson(store::Connection& conn,
                                         std::optional<int64_t> expected_last_id) {
  const ChainCheck check = VerifyAuditChain(conn, expected_last_id);
  return {{"ok", check.ok},
          {"checked", check.checked},
          {"first_broken_id", check.first_broken_id ? boost::json::value(*check.first_broken_id)
                                                    : boost::json::value(nullptr)},
          {"reason", check.ok ? boost::json::value(nullptr) : boost::json::value(check.reason)},
          {"expected_last_id",
           expected_last_id ? boost::json::value(*expected_last_id) : boost::json::value(nullptr)}};
}

int64_t PruneAudit(store::WriteContext& ctx, Date before, Date today) {
  const Date latest = today.AddDays(-kAuditMinRetentionDays);
  if (before > latest) {
    ThrowInvalidField("before",
                      "审计日志至少保留六个月（《网络安全法》第二十一条），清理日期不得晚于 " +
                          latest.ToString());
  }
  store::Connection& conn = ctx.conn();
  const auto first = conn.QueryInt(kFirstId);
  if (!first) return 0;
  // Only a prefix goes, so that what remains is one unbroken chain.
  const auto first_kept = conn.QueryInt(kFirstKeptId, ChinaMidnight(before));
  const int64_t through = first_kept ? *first_kept - 1 : conn.QueryInt(kLastId).value_or(0);
  if (through < *first) return 0;
  std::string through_hash;
  {
    auto rows = conn.Query(kHashOf, through);
    if (rows.Next()) through_hash = rows.Str(0);
  }

  store::AuditRecord entry;
  entry.actor_type = "system";
  entry.action = std::string(kAuditPruneAction);
  entry.entity = "audit_log";
  entry.detail = boost::json::serialize(boost::json::object{
      {"before", before.ToString()},
      {"pruned_from_id", *first},
      {"pruned_through_id", through},
      {"pruned_through_hash", through_hash},
  });
  ctx.AppendAudit(std::move(entry));
  return conn.Exec(kDeleteThrough, through);
}

boost::json::object ListAudit(store::Connection& conn, const Principal& p, const Params& params) {
  Filter f;
  // An agency administrator reads the entries of its own agencies' people and tokens.
  const SqlCondition scope = AgencyScope(p, "agency_id");
  f.Add(scope.sql, scope.params);
  if (auto v = PositiveIntParam(params, "actor_id")) f.Add("actor_id = ?", *v);
  if (auto v = EnumParam(params, "actor_type", {"user", "token", "system", "anonymous"},
                         "应为 user、token、system 或 anonymous")) {
    f.Add("actor_type = ?", *v);
  }
  AddActionFilter(f, params);
  if (auto v = TextParam(params, "entity")) f.Add("entity = ?", *v);
  if (auto v = PositiveIntParam(params, "entity_id")) f.Add("entity_id = ?", *v);
  if (auto v = EnumParam(params, "outcome", {"success", "failure"}, "应为 success 或 failure")) {
    f.Add("outcome = ?", *v);
  }
  if (auto v = TextParam(params, "ip")) f.Add("ip = ?", *v);
  const auto from = DateParam(params, "from");
  const auto to = DateParam(params, "to");
  if (from && to && *to < *from) ThrowInvalidField("to", "结束日期不得早于开始日期");
  if (from) f.Add("at >= ?", ChinaMidnight(*from));
  if (to) f.Add("at < ?", ChinaMidnight(to->AddDays(1)));

  int64_t limit = kListDefaultLimit;
  if (auto s = params.Get("limit")) {
    auto v = ToInt(*s);
    if (!v || *v < 1 || *v > kListMaxLimit) {
      ThrowInvalidField("limit", "应为 1–" + std::to_string(kListMaxLimit) + " 之间的整数");
    }
    limit = *v;
  }
  if (auto s = params.Get("cursor")) {
    auto id = DecodeIdCursor(*s);
    if (!id) ThrowInvalidField("cursor", "分页游标无效，请从第一页重新查询");
    f.Add("id < ?", *id);
  }

  f.AddParam(limit + 1);
  const std::string sql = std::string(kListSelect) + f.Where() + " ORDER BY id DESC LIMIT ?";
  boost::json::array items;
  int64_t last_id = 0;
  bool more = false;
  {
    auto rows = conn.QueryV(sql, f.params());
    while (rows.Next()) {
      if (static_cast<int64_t>(items.size()) == limit) {
        more = true;
        break;
      }
      const Entry e = ReadEntry(rows);
      last_id = e.id;
      items.push_back(ItemJson(e));
    }
  }
  return boost::json::object{
      {"items", std::move(items)},
      {"next_cursor", more ? boost::json::value(EncodeIdCursor(last_id)) : nullptr},
  };
}

void ExportAudit(store::Connection& conn, std::ostream& out, std::optional<Date> from,
                 std::optional<Date> to) {
  const TimestampMs lo = from ? ChinaMidnight(*from) : INT64_MIN;
  const TimestampMs hi = to ? ChinaMidnight(to->AddDays(1)) : INT64_MAX;
  ReadSnapshot snapshot(conn);
  int64_t last_id = 0;
  std::string page;
  for (;;) {
    int64_t page_rows = 0;
    page.clear();
    {
      auto rows = conn.Query(kExportPage, last_id, lo, hi, kPageRows);
      while (rows.Next()) {
        ++page_rows;
        const Entry e = ReadEntry(rows);
        last_id = e.id;
        AppendExportLine(page, e);
      }
    }
    out << page;
    if (page_rows < kPageRows) break;
  }
  out.flush();
}

}  // namespace sg::auth
