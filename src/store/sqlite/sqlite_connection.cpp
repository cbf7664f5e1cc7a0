#include "store/sqlite/sqlite_connection.h"

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace sg::store {
namespace {

[[noreturn]] void Fail(sqlite3* db, int rc, std::string_view what) {
  const int base = rc & 0xFF;
  const bool constraint = base == SQLITE_CONSTRAINT;
  const bool retryable = base == SQLITE_BUSY || base == SQLITE_LOCKED;
  throw DbError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)),
                constraint, retryable);
}

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void BindNull(int i) override { Check(sqlite3_bind_null(stmt_, i)); }
  void BindInt(int i, int64_t v) override { Check(sqlite3_bind_int64(stmt_, i, v)); }
  void BindReal(int i, double v) override { Check(sqlite3_bind_double(stmt_, i, v)); }
  void BindText(int i, std::string_view v) override {
    Check(sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  bool Step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes64(db_);
      return false;
    }
    Fail(db_, rc, "sqlite step");
  }
  bool IsNull(int c) override { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
  int64_t Int(int c) override { return sqlite3_column_int64(stmt_, c); }
  double Real(int c) override { return sqlite3_column_double(stmt_, c); }
  std::string_view Text(int c) override {
    const auto* p = sqlite3_column_text(stmt_, c);
    if (!p) return {};
    return {reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, c))};
  }
  int64_t Changes() override { return changes_; }
  int64_t InsertedId() override { return sqlite3_last_insert_rowid(db_); }
  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK) Fail(db_, rc, "sqlite bind");
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  int64_t changes_ = 0;
};

// The longest a held read snapshot is kept even when nothing commits, so that a busy reader
// regularly lets go of its WAL read mark (checkpoints restart the WAL only when no reader holds
// one).
constexpr auto kMaxHold = std::chrono::milliseconds(100);
// A snapshot is kept past the end of a lease only when no commit has been seen for this long:
// while writes go on, a reader that held a WAL read mark between requests would leave no moment
// with every mark free, the WAL would never restart and would grow without bound (measured: 1.8
// GB in 25 s of reads beside 600 writes a second); so then each lease ends its own snapshot, as a
// statement's automatic transaction would.
constexpr auto kQuiet = std::chrono::milliseconds(100);
// The WAL index header (https://sqlite.org/walformat.html#the_wal_index_file_format): the first
// 48 bytes of the shared-memory file. Every commit and every WAL restart changes it.
constexpr size_t kWalIndexHeaderBytes = 48;

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(sqlite3* db, bool hold_snapshot) : db_(db), hold_(hold_snapshot) {}
  ~SqliteConnection() override {
    cache_.clear();
    sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Engine engine() const override { return Engine::kSqlite; }

  void ExecScript(std::string_view sql) override {
    EndSnapshot();
    char* err = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      throw DbError("sqlite exec: " + msg);
    }
  }

  // A held snapshot is reused while the WAL index header equals its copy taken before the
  // snapshot began (a deferred BEGIN: the snapshot starts at the first read, so it holds at least
  // every commit that header reflects); a commit by any connection or process since changes the
  // header, and the snapshot is renewed. Reading the header is a memory read, where beginning a
  // read transaction costs several fcntl locks and an fstat.
  void RefreshSnapshot() override {
    if (!hold_) return;
    if (leftover_ && sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK) {
      leftover_ = false;
    }
    const auto now = std::chrono::steady_clock::now();
    if (holding_) {
      const bool unchanged = HeaderUnchanged();
      if (!sqlite3_get_autocommit(db_) && unchanged && now - began_ < kMaxHold) return;
      if (!unchanged) changed_ = now;
      EndSnapshot();
    }
    if (!sqlite3_get_autocommit(db_) || (!shm_ && !MapWalIndex())) return;
    if (!HeaderUnchanged()) changed_ = now;  // since the last snapshot of this connection
    CopyHeader(header_);
    if (sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) return;
    holding_ = true;
    began_ = now;
  }

  void ReleaseSnapshot() override {
    if (!holding_) return;
    const auto now = std::chrono::steady_clock::now();
    if (!HeaderUnchanged()) changed_ = now;
    if (now - changed_ < kQuiet) EndSnapshot();
  }

  void EndSnapshot() override {
    if (!holding_) return;
    holding_ = false;
    // Ending a read transaction writes nothing; if it cannot end now (a statement still
    // running), the next lease ends it before reading.
    if (!sqlite3_get_autocommit(db_) &&
        sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      leftover_ = true;
    }
  }

  void Begin() override { Run("BEGIN IMMEDIATE"); }
  void Commit() override { Run("COMMIT"); }
  void Rollback() override { Run("ROLLBACK"); }
  void Savepoint(std::string_view name) override { Run("SAVEPOINT " + std::string(name)); }
  void Release(std::string_view name) override { Run("RELEASE " + std::string(name)); }
  void RollbackTo(std::string_view name) override { Run("ROLLBACK TO " + std::string(name)); }

 protected:
  Statement* Prepare(std::string_view sql) override {
    auto it = cache_.find(sql);
    if (it == cache_.end()) it = cache_.emplace(std::string(sql), Slot{}).first;
    auto& slot = it->second;
    for (auto& s : slot) {
      if (!s->in_use) {
        s->in_use = true;
        return s.get();
      }
    }
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    if (rc != SQLITE_OK) Fail(db_, rc, "sqlite prepare");
    slot.push_back(std::make_unique<SqliteStatement>(db_, raw));
    slot.back()->in_use = true;
    return slot.back().get();
  }

 private:
  // Savepoint names and transaction verbs are program constants, never user input.
  void Run(const std::string& sql) { ExecScript(sql); }

  // The connection's own mapping of the WAL index (region 0), through the VFS's xShmMap, which
  // returns the region SQLite already maps for this connection (nothing new is mapped). False
  // when the file has none (not in WAL mode, or not yet initialised).
  bool MapWalIndex() {
    sqlite3_file* file = nullptr;
    if (sqlite3_file_control(db_, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || !file ||
        !file->pMethods || file->pMethods->iVersion < 2 || !file->pMethods->xShmMap) {
      return false;
    }
    void volatile* region = nullptr;
    if (file->pMethods->xShmMap(file, 0, 32768, 0, &region) != SQLITE_OK || !region) return false;
    shm_ = region;
    return true;
  }
  void CopyHeader(unsigned char* out) const {
    std::atomic_thread_fence(std::memory_order_acquire);
    std::memcpy(out, const_cast<const void*>(shm_), kWalIndexHeaderBytes);
  }
  bool HeaderUnchanged() const {
    unsigned char now[kWalIndexHeaderBytes];
    CopyHeader(now);
    return std::memcmp(now, header_, kWalIndexHeaderBytes) == 0;
  }

  sqlite3* db_;
  const bool hold_;
  bool holding_ = false;   // a read transaction of ours is open
  bool leftover_ = false;  // one that could not be ended is still open
  void volatile* shm_ = nullptr;
  unsigned char header_[kWalIndexHeaderBytes] = {};
  std::chrono::steady_clock::time_point began_;
  std::chrono::steady_clock::time_point changed_;  // when a commit was last seen
  // Looked up by the SQL text without building a string (heterogeneous lookup).
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Slot = std::vector<std::unique_ptr<SqliteStatement>>;
  std::unordered_map<std::string, Slot, TextHash, std::equal_to<>> cache_;
};

}  // namespace

std::unique_ptr<Connection> OpenSqlite(const std::string& path, const SqliteOptions& options) {
  // Memory statistics cost a global mutex on every SQLite allocation; nothing reads them.
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* db = nullptr;
  const int flags =
      (options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    throw DbError("cannot open SQLite database " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  auto conn = std::make_unique<SqliteConnection>(db, options.hold_snapshot && options.read_only);
  std::string pragmas = "PRAGMA foreign_keys=ON; PRAGMA cache_size=-" +
                        std::to_string(options.cache_kib) + "; PRAGMA temp_store=MEMORY;";
  if (!options.read_only) {
    pragmas += "PRAGMA journal_mode=WAL; PRAGMA synchronous=" + options.synchronous + ";";
  }
  conn->ExecScript(pragmas);
  return conn;
}

}  // namespace sg::store
