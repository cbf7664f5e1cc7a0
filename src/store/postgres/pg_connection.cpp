#include "store/postgres/pg_connection.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <unordered_map>
#include <vector>

#include <spdlog/spdlog.h>

namespace sg::store {
namespace {

// Type OIDs from PostgreSQL's pg_type.dat; 0 lets the server infer the type from the context.
constexpr Oid kUnknownOid = 0;
constexpr Oid kInt8Oid = 20;
constexpr Oid kFloat8Oid = 701;

std::string Trimmed(const char* message) {
  std::string s = message ? message : "unknown error";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Throws the DbError for a failed result (which it clears).
[[noreturn]] void Fail(PGconn* conn, PGresult* res, std::string_view what) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state ? state : "";
  std::string message = Trimmed(res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  if (message.empty()) message = Trimmed(PQerrorMessage(conn));
  PQclear(res);
  const bool constraint = sqlstate.rfind("23", 0) == 0;
  const bool retryable = sqlstate == "40001" || sqlstate == "40P01";
  throw DbError(
      std::string(what) + ": " + message + (sqlstate.empty() ? "" : " [" + sqlstate + "]"),
      constraint, retryable);
}

bool Ok(PGresult* res) {
  const auto status = PQresultStatus(res);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

int64_t ParseInt(std::string_view text) {
  // Booleans arrive as t/f (EXISTS, comparisons); SQLite gives 1/0 for the same SQL.
  if (text == "t") return 1;
  if (text == "f") return 0;
  int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc() && ptr == text.data() + text.size()) return v;
  // A numeric such as "12.0" (an aggregate over bigint, or a float): truncate like SQLite.
  return static_cast<int64_t>(std::strtod(std::string(text).c_str(), nullptr));
}

class PgStatement final : public Statement {
 public:
  PgStatement(PGconn* conn, std::string name, std::string sql, int params, bool returns_id)
      : conn_(conn),
        name_(std::move(name)),
        sql_(std::move(sql)),
        values_(static_cast<size_t>(params)),
        types_(static_cast<size_t>(params), kUnknownOid),
        returns_id_(returns_id) {}
  ~PgStatement() override { PQclear(result_); }
  PgStatement(const PgStatement&) = delete;
  PgStatement& operator=(const PgStatement&) = delete;

  void BindNull(int i) override { Slot(i).reset(); }
  void BindInt(int i, int64_t v) override { Set(i, std::to_string(v), kInt8Oid); }
  void BindReal(int i, double v) override {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    Set(i, buf, kFloat8Oid);
  }
  void BindText(int i, std::string_view v) override { Set(i, std::string(v), kUnknownOid); }

  bool Step() override {
    if (!result_) Execute();
    if (row_ < rows_) ++row_;
    return row_ < rows_;
  }
  bool IsNull(int c) override { return PQgetisnull(result_, row_, c) != 0; }
  int64_t Int(int c) override { return IsNull(c) ? 0 : ParseInt(Text(c)); }
  double Real(int c) override {
    return IsNull(c) ? 0.0 : std::strtod(PQgetvalue(result_, row_, c), nullptr);
  }
  std::string_view Text(int c) override {
    return {PQgetvalue(result_, row_, c), static_cast<size_t>(PQgetlength(result_, row_, c))};
  }
  int64_t Changes() override { return changes_; }
  int64_t InsertedId() override { return inserted_id_; }
  void Reset() override {
    PQclear(result_);
    result_ = nullptr;
    rows_ = 0;
    row_ = -1;
    for (auto& v : values_) v.reset();
  }

 private:
  std::optional<std::string>& Slot(int i) {
    if (i < 1 || i > static_cast<int>(values_.size())) {
      throw DbError("bind index " + std::to_string(i) + " out of range for: " + sql_);
    }
    return values_[static_cast<size_t>(i - 1)];
  }
  void Set(int i, std::string value, Oid type) {
    Slot(i) = std::move(value);
    // Types are fixed when the statement is prepared: the first binding decides.
    if (!prepared_) types_[static_cast<size_t>(i - 1)] = type;
  }
  void Execute() {
    const int n = static_cast<int>(values_.size());
    if (!prepared_) {
      PGresult* res = PQprepare(conn_, name_.c_str(), sql_.c_str(), n, types_.data());
      if (!Ok(res)) Fail(conn_, res, "postgres prepare");
      PQclear(res);
      prepared_ = true;
    }
    std::vector<const char*> ptrs(values_.size());
    for (size_t i = 0; i < values_.size(); ++i) {
      ptrs[i] = values_[i] ? values_[i]->c_str() : nullptr;
    }
    PGresult* res = PQexecPrepared(conn_, name_.c_str(), n, ptrs.data(), nullptr, nullptr, 0);
    if (!Ok(res)) Fail(conn_, res, "postgres");
    result_ = res;
    rows_ = PQntuples(res);
    row_ = -1;
    const char* tuples = PQcmdTuples(res);
    changes_ = (tuples && *tuples) ? ParseInt(tuples) : 0;
    if (returns_id_ && rows_ > 0) inserted_id_ = ParseInt(PQgetvalue(res, 0, 0));
  }

  PGconn* conn_;
  const std::string name_;
  const std::string sql_;
  std::vector<std::optional<std::string>> values_;
  std::vector<Oid> types_;
  const bool returns_id_;
  bool prepared_ = false;
  PGresult* result_ = nullptr;
  int rows_ = 0;
  int row_ = -1;
  int64_t changes_ = 0;
  int64_t inserted_id_ = 0;
};

void LogNotice(void*, const char* message) { spdlog::debug("postgres: {}", Trimmed(message)); }

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {
    PQsetNoticeProcessor(conn_, LogNotice, nullptr);
  }
  ~PgConnection() override {
    for (auto& cache : cache_) cache.clear();
    PQfinish(conn_);
  }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Engine engine() const override { return Engine::kPostgres; }
  bool Broken() const override {
    // An idle connection learns that the server closed it only by reading: PQconsumeInput takes
    // what has arrived without blocking and marks the connection bad when the stream has ended.
    // The server's goodbye comes first and the end of the stream after it: two reads.
    for (int i = 0;
         i < 2 && PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
         ++i) {
      PQconsumeInput(conn_);
    }
    return PQstatus(conn_) != CONNECTION_OK;
  }

  void ExecScript(std::string_view sql) override {
    PGresult* res = PQexec(conn_, std::string(sql).c_str());
    if (!Ok(res)) Fail(conn_, res, "postgres exec");
    PQclear(res);
  }

  void Begin() override { ExecScript("BEGIN"); }
  void Commit() override {
    PGresult* res = PQexec(conn_, "COMMIT");
    if (!Ok(res)) Fail(conn_, res, "postgres commit");
    // An aborted transaction "commits" as ROLLBACK; the caller must learn that nothing landed.
    const bool rolled_back = std::string_view(PQcmdStatus(res)) == "ROLLBACK";
    PQclear(res);
    if (rolled_back)
      throw DbError("postgres commit: the transaction had failed and was rolled back");
  }
  void Rollback() override { ExecScript("ROLLBACK"); }
  void Savepoint(std::string_view name) override { ExecScript("SAVEPOINT " + std::string(name)); }
  void Release(std::string_view name) override {
    ExecScript("RELEASE SAVEPOINT " + std::string(name));
  }
  void RollbackTo(std::string_view name) override {
    ExecScript("ROLLBACK TO SAVEPOINT " + std::string(name));
  }

 protected:
  Statement* Prepare(std::string_view sql) override { return Find(sql, false); }
  Statement* PrepareInsert(std::string_view sql) override { return Find(sql, true); }

 private:
  Statement* Find(std::string_view sql, bool returns_id) {
    auto& cache = cache_[returns_id ? 1 : 0];
    auto it = cache.find(sql);
    if (it == cache.end()) it = cache.emplace(std::string(sql), Slot{}).first;
    auto& slot = it->second;
    for (auto& s : slot) {
      if (!s->in_use) {
        s->in_use = true;
        return s.get();
      }
    }
    int params = 0;
    std::string text = NumberPlaceholders(sql, &params);
    if (returns_id) text += " RETURNING id";
    slot.push_back(std::make_unique<PgStatement>(conn_, "sg" + std::to_string(++statements_),
                                                 std::move(text), params, returns_id));
    slot.back()->in_use = true;
    return slot.back().get();
  }

  PGconn* conn_;
  int64_t statements_ = 0;
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Slot = std::vector<std::unique_ptr<PgStatement>>;
  // [0]: plain statements, [1]: inserts with RETURNING id appended.
  std::unordered_map<std::string, Slot, TextHash, std::equal_to<>> cache_[2];
};

}  // namespace

std::string NumberPlaceholders(std::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char ch = sql[i];
    if (ch == '\'' || ch == '"') {
      // A literal or quoted identifier runs to the matching quote; a doubled quote stays inside.
      const size_t end = sql.find(ch, i + 1);
      const size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (ch == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const size_t end = sql.find('\n', i);
      const size_t stop = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (ch == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const size_t end = sql.find("*/", i + 2);
      const size_t stop = end == std::string_view::npos ? sql.size() : end + 2;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (ch == '?') {
      out += '$' + std::to_string(++n);
    } else {
      out.push_back(ch);
    }
  }
  *count = n;
  return out;
}

std::unique_ptr<Connection> OpenPostgres(const std::string& conninfo, const PgOptions& options) {
  const char* keys[] = {"dbname", "fallback_application_name", "client_encoding", nullptr};
  const char* values[] = {conninfo.c_str(), "shenguan", "UTF8", nullptr};
  PGconn* raw = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (!raw || PQstatus(raw) != CONNECTION_OK) {
    const std::string msg = raw ? Trimmed(PQerrorMessage(raw)) : "out of memory";
    PQfinish(raw);
    throw DbError("cannot connect to PostgreSQL: " + msg, false, true);
  }
  auto conn = std::make_unique<PgConnection>(raw);
  // The SQL is shared with SQLite: backslashes in literals are plain characters (LIKE … ESCAPE
  // '\'), and dates are ISO text.
  std::string settings =
      "SET standard_conforming_strings = on; SET DateStyle = ISO; SET TimeZone = 'UTC'; "
      "SET synchronous_commit = ";
  settings += options.synchronous == "OFF" ? "off;" : "on;";
  if (options.read_only) settings += " SET default_transaction_read_only = on;";
  conn->ExecScript(settings);
  return conn;
}

}  // namespace sg::store
