// The database interface: connections, prepared statements with typed binding, row iteration
// and transactions. Drivers (sqlite/, postgres/) implement Connection; the rest of the
// program sees only this header.
//
// SQL is written once with `?` placeholders and RETURNING clauses, which both SQLite (3.35+) and
// PostgreSQL understand once the PostgreSQL driver numbers the placeholders. Every value is bound;
// nothing is spliced into SQL text.
//
// Thread-safety: a Connection is used by one thread at a time. Database hands out reader
// connections from a pool and owns the single writer (store/writer.h).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace sg::store {

enum class Engine { kSqlite, kPostgres };

// A database failure. `constraint` is set for unique/foreign-key violations, so that callers can
// turn them into 409s; `retryable` for serialization failures and busy timeouts.
class DbError : public std::runtime_error {
 public:
  explicit DbError(const std::string& message, bool constraint = false, bool retryable = false)
      : std::runtime_error(message), constraint_(constraint), retryable_(retryable) {}
  bool constraint() const { return constraint_; }
  bool retryable() const { return retryable_; }

 private:
  bool constraint_;
  bool retryable_;
};

// A prepared statement, owned and cached by its Connection. Use it through Rows/Connection.
class Statement {
 public:
  virtual ~Statement() = default;
  // Parameters are numbered from 1.
  virtual void BindNull(int index) = 0;
  virtual void BindInt(int index, int64_t value) = 0;
  virtual void BindReal(int index, double value) = 0;
  virtual void BindText(int index, std::string_view value) = 0;
  // Runs or advances the statement. Returns true when a row is available.
  virtual bool Step() = 0;
  // Columns are numbered from 0 and valid until the next Step or Reset.
  virtual bool IsNull(int col) = 0;
  virtual int64_t Int(int col) = 0;
  virtual double Real(int col) = 0;
  virtual std::string_view Text(int col) = 0;
  // Rows changed by the last completed INSERT/UPDATE/DELETE.
  virtual int64_t Changes() = 0;
  // The id of the row the last completed INSERT (run through Connection::Insert) created.
  virtual int64_t InsertedId() = 0;
  // Clears bindings and results so that the statement can run again.
  virtual void Reset() = 0;

  bool in_use = false;
};

namespace detail {
inline void BindOne(Statement& s, int i, std::nullptr_t) { s.BindNull(i); }
inline void BindOne(Statement& s, int i, std::string_view v) { s.BindText(i, v); }
inline void BindOne(Statement& s, int i, const std::string& v) { s.BindText(i, v); }
inline void BindOne(Statement& s, int i, const char* v) { s.BindText(i, v); }
inline void BindOne(Statement& s, int i, double v) { s.BindReal(i, v); }
template <typename T>
requires std::is_integral_v<T>
void BindOne(Statement& s, int i, T v) { s.BindInt(i, static_cast<int64_t>(v)); }
template <typename T>
void BindOne(Statement& s, int i, const std::optional<T>& v) {
  if (v) {
    BindOne(s, i, *v);
  } else {
    s.BindNull(i);
  }
}
}  // namespace detail

// A bound value for statements whose parameters are only known at run time (dynamic filters).
using Param = std::variant<std::nullptr_t, int64_t, double, std::string>;
namespace detail {
inline void BindOne(Statement& s, int i, const Param& p) {
  std::visit([&](const auto& v) { BindOne(s, i, v); }, p);
}
}  // namespace detail

// The result rows of one statement run. Resets the statement when destroyed.
class Rows {
 public:
  explicit Rows(Statement* stmt) : stmt_(stmt) {}
  Rows(Rows&& o) noexcept : stmt_(std::exchange(o.stmt_, nullptr)) {}
  Rows(const Rows&) = delete;
  Rows& operator=(const Rows&) = delete;
  Rows& operator=(Rows&&) = delete;
  ~Rows() {
    if (stmt_) {
      stmt_->Reset();
      stmt_->in_use = false;
    }
  }
  // Finishes with the rows early, so that the statement can run again in this scope.
  void Close() {
    if (stmt_) {
      stmt_->Reset();
      stmt_->in_use = false;
      stmt_ = nullptr;
    }
  }
  // Advances to the next row; false at the end.
  bool Next() { return stmt_->Step(); }
  bool IsNull(int col) { return stmt_->IsNull(col); }
  int64_t Int(int col) { return stmt_->Int(col); }
  double Real(int col) { return stmt_->Real(col); }
  std::string_view Text(int col) { return stmt_->Text(col); }
  std::string Str(int col) { return std::string(stmt_->Text(col)); }
  std::optional<int64_t> OptInt(int col) {
    return IsNull(col) ? std::nullopt : std::optional<int64_t>(Int(col));
  }
  std::optional<std::string> OptStr(int col) {
    return IsNull(col) ? std::nullopt : std::optional<std::string>(Str(col));
  }
  int64_t Changes() { return stmt_->Changes(); }

 private:
  Statement* stmt_;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Engine engine() const = 0;
  // True when the connection can no longer be used (the server went away, which an idle
  // connection notices without blocking); pools drop it.
  virtual bool Broken() const { return false; }

  // Runs SQL without parameters or results (DDL, several statements allowed).
  virtual void ExecScript(std::string_view sql) = 0;

  // Held read snapshots (DatabaseOptions::hold_read_snapshots; the pool calls these). An engine
  // that can tell, without a system call, that nothing has committed since its snapshot began
  // keeps one read transaction open across leases, so that a read takes no locks. Contract:
  // after RefreshSnapshot() (at a lease) returns, every read sees every commit (of any connection
  // or process) that completed before the call. ReleaseSnapshot() (at the end of a lease) ends
  // the snapshot unless the database has been quiet (no commit seen lately), so that under writes
  // no reader holds the WAL between requests. EndSnapshot() ends it in any case (an idle
  // connection, so that it does not hold back checkpoints). No-ops where not supported; anything
  // that starts its own transaction ends a held snapshot first.
  virtual void RefreshSnapshot() {}
  virtual void ReleaseSnapshot() {}
  virtual void EndSnapshot() {}

  // Runs a statement with bound arguments; iterate the result with Rows::Next().
  template <typename... Args>
  Rows Query(std::string_view sql, const Args&... args) {
    Statement* s = Prepare(sql);
    int i = 0;
    (detail::BindOne(*s, ++i, args), ...);
    return Rows(s);
  }
  // Runs a statement with a run-time list of parameters.
  Rows QueryV(std::string_view sql, const std::vector<Param>& params) {
    Statement* s = Prepare(sql);
    int i = 0;
    for (const auto& p : params) {
      ++i;
      std::visit([&](const auto& v) { detail::BindOne(*s, i, v); }, p);
    }
    return Rows(s);
  }
  // Runs a statement to completion; returns the rows it changed.
  template <typename... Args>
  int64_t Exec(std::string_view sql, const Args&... args) {
    Rows rows = Query(sql, args...);
    while (rows.Next()) {
    }
    return rows.Changes();
  }
  // Runs an INSERT into a table with an integer `id` key and returns the new row's id. Write
  // the SQL without RETURNING: each driver fetches the id its cheapest way.
  template <typename... Args>
  int64_t Insert(std::string_view sql, const Args&... args) {
    Statement* s = PrepareInsert(sql);
    int i = 0;
    (detail::BindOne(*s, ++i, args), ...);
    Rows rows(s);
    while (rows.Next()) {
    }
    return s->InsertedId();
  }
  // The first column of the first row, or nullopt when there is no row or it is NULL.
  template <typename... Args>
  std::optional<int64_t> QueryInt(std::string_view sql, const Args&... args) {
    Rows rows = Query(sql, args...);
    if (!rows.Next() || rows.IsNull(0)) return std::nullopt;
    return rows.Int(0);
  }

  // Transactions. Begin() on the writer takes the write lock at once.
  virtual void Begin() = 0;
  virtual void Commit() = 0;
  virtual void Rollback() = 0;
  virtual void Savepoint(std::string_view name) = 0;
  virtual void Release(std::string_view name) = 0;
  virtual void RollbackTo(std::string_view name) = 0;

 protected:
  // Returns a cached prepared statement for `sql`, marked in use. A statement already in use (a
  // query nested inside another's rows) gets a fresh uncached copy.
  virtual Statement* Prepare(std::string_view sql) = 0;
  // Prepare for Insert(); a driver may rewrite the SQL to return the new id.
  virtual Statement* PrepareInsert(std::string_view sql) { return Prepare(sql); }
};

// Rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(Connection& c) : c_(c) { c_.Begin(); }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (!done_) {
      try {
        c_.Rollback();
      } catch (...) {  // Destructors must not throw; the connection reports on next use.
      }
    }
  }
  void Commit() {
    c_.Commit();
    done_ = true;
  }

 private:
  Connection& c_;
  bool done_ = false;
};

}  // namespace sg::store
