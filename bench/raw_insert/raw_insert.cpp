// raw_insert: the reference rate for `shenguan demo`'s and `shenguan import`'s bulk writes.
//
//   raw_insert SOURCE.db TARGET.db [--pk-order] [--base BASE.db] [--synchronous OFF|NORMAL|FULL]
//
// Reads every row of every table of SOURCE (a database the demo filled) into memory, untimed;
// creates TARGET with the same schema (store::Migrate, so the same indexes exist); then times
// inserting all rows with the plain sqlite3 C API: one prepared INSERT per table, values bound
// by index, one transaction. The connection uses the pragmas the demo's connection uses
// (journal_mode=WAL, synchronous=OFF, foreign_keys=ON, the store's page cache), so the only
// difference left is the work the demo does per row. Prints one line of JSON:
//   {"rows": N, "tables": T, "order": "write", "seconds": S, "rows_per_s": R}
// schema_migrations is skipped: Migrate writes it in the target; so are case_shares,
// case_term_counts and case_party_counts, which the target's triggers fill.
//
// Row order: by default rows are inserted in the order an application writes them: rowid tables
// by rowid, and the WITHOUT ROWID tables keyed by case (case_terms, case_parties, …) by case_id.
// Reading those in primary-key order instead (--pk-order) hands SQLite presorted keys, an
// append-only best case that no case-by-case writer can reach (about 30 % faster on a demo
// database); it is there to show that bound, not as the reference.
//
// --base BASE.db (bench/import/run.sh): SOURCE is BASE after an import. TARGET starts as a copy of
// BASE (untimed), and only the rows SOURCE has beyond BASE are inserted: rows whose rowid, or for
// WITHOUT ROWID tables whose primary key, BASE lacks. Rows of BASE that SOURCE changed in place
// are not inserted (they are updates, not inserts). --synchronous sets the pragma (default OFF,
// the demo's; the import's connection uses FULL).
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/migrations.h"
#include "store/sqlite/sqlite_connection.h"

namespace {

// Every table's rows as one flat buffer of tagged values: the whole demo output of a
// million-case run fits in memory this way (about 20 bytes per value).
enum class Tag : uint8_t { kNull, kInt, kReal, kText };

struct TableData {
  std::string name;
  int columns = 0;
  int64_t rows = 0;
  std::string values;
};

// case_shares is filled by triggers as case_access rows are inserted (migration 0016), and the
// counts of terms and parties per agency as case_terms and case_parties rows are (0017), here as
// in the demo and the import, so they are not copied.
constexpr const char* kListTables =
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
    "AND name NOT IN ('schema_migrations', 'case_shares', 'case_term_counts', "
    "'case_party_counts') ORDER BY rowid";

// The store's default page cache (store::SqliteOptions::cache_kib), in KiB.
const int kCacheKib = sg::store::SqliteOptions{}.cache_kib;

void Check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE) {
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

sqlite3_stmt* Prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  Check(db, sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), "prepare");
  return s;
}

void Exec(sqlite3* db, const char* sql) {
  Check(db, sqlite3_exec(db, sql, nullptr, nullptr, nullptr), sql);
}

template <typename T>
void Put(std::string& buf, const T& v) {
  buf.append(reinterpret_cast<const char*>(&v), sizeof v);
}
template <typename T>
T Get(const char*& p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  p += sizeof v;
  return v;
}

bool HasColumn(sqlite3* db, const std::string& table, const char* column) {
  sqlite3_stmt* s = Prepare(db, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?");
  sqlite3_bind_text(s, 1, table.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 2, column, -1, SQLITE_STATIC);
  const bool found = sqlite3_step(s) == SQLITE_ROW;
  sqlite3_finalize(s);
  return found;
}

bool HasRowid(sqlite3* db, const std::string& table) {
  sqlite3_stmt* s = nullptr;
  const std::string sql = "SELECT rowid FROM \"" + table + "\" LIMIT 0";
  const bool ok = sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK;
  sqlite3_finalize(s);
  return ok;
}

// The primary-key columns of a WITHOUT ROWID table, in key order.
std::vector<std::string> KeyColumns(sqlite3* db, const std::string& table) {
  std::vector<std::string> cols;
  sqlite3_stmt* s =
      Prepare(db, "SELECT name FROM pragma_table_info(?, 'main') WHERE pk > 0 ORDER BY pk");
  sqlite3_bind_text(s, 1, table.c_str(), -1, SQLITE_TRANSIENT);
  while (sqlite3_step(s) == SQLITE_ROW) {
    cols.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  }
  sqlite3_finalize(s);
  return cols;
}

// " WHERE NOT EXISTS (…)": the rows of main.`table` (aliased r) that base.`table` lacks.
std::string NotInBase(sqlite3* db, const std::string& table, bool has_rowid) {
  std::string match;
  if (has_rowid) {
    match = "b.rowid = r.rowid";
  } else {
    for (const auto& c : KeyColumns(db, table)) {
      if (!match.empty()) match += " AND ";
      match += "b.\"" + c + "\" = r.\"" + c + "\"";
    }
  }
  return " WHERE NOT EXISTS (SELECT 1 FROM base.\"" + table + "\" AS b WHERE " + match + ")";
}

std::vector<TableData> ReadAll(const std::string& path, bool pk_order, const std::string& base) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    throw std::runtime_error("cannot open " + path + ": " + sqlite3_errmsg(db));
  }
  if (!base.empty()) {
    sqlite3_stmt* attach = Prepare(db, "ATTACH ? AS base");
    sqlite3_bind_text(attach, 1, base.c_str(), -1, SQLITE_TRANSIENT);
    Check(db, sqlite3_step(attach), "attach base");
    sqlite3_finalize(attach);
  }
  std::vector<TableData> tables;
  sqlite3_stmt* list = Prepare(db, kListTables);
  while (sqlite3_step(list) == SQLITE_ROW) {
    tables.push_back({reinterpret_cast<const char*>(sqlite3_column_text(list, 0)), 0, 0, {}});
  }
  sqlite3_finalize(list);
  for (auto& t : tables) {
    const bool has_rowid = HasRowid(db, t.name);
    std::string order;
    if (!pk_order) {
      if (has_rowid) {
        order = " ORDER BY r.rowid";
      } else if (HasColumn(db, t.name, "case_id")) {
        order = " ORDER BY r.case_id";
      }
    }
    const std::string only_new = base.empty() ? "" : NotInBase(db, t.name, has_rowid);
    sqlite3_stmt* s =
        Prepare(db, "SELECT r.* FROM main.\"" + t.name + "\" AS r" + only_new + order);
    t.columns = sqlite3_column_count(s);
    while (sqlite3_step(s) == SQLITE_ROW) {
      ++t.rows;
      for (int c = 0; c < t.columns; ++c) {
        switch (sqlite3_column_type(s, c)) {
          case SQLITE_INTEGER:
            t.values.push_back(static_cast<char>(Tag::kInt));
            Put(t.values, static_cast<int64_t>(sqlite3_column_int64(s, c)));
            break;
          case SQLITE_FLOAT:
            t.values.push_back(static_cast<char>(Tag::kReal));
            Put(t.values, sqlite3_column_double(s, c));
            break;
          case SQLITE_NULL:
            t.values.push_back(static_cast<char>(Tag::kNull));
            break;
          default: {
            const auto* text = sqlite3_column_text(s, c);
            const auto n = static_cast<uint32_t>(sqlite3_column_bytes(s, c));
            t.values.push_back(static_cast<char>(Tag::kText));
            Put(t.values, n);
            t.values.append(reinterpret_cast<const char*>(text), n);
          }
        }
      }
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return tables;
}

int64_t InsertAll(sqlite3* db, const std::vector<TableData>& tables) {
  int64_t rows = 0;
  Exec(db, "BEGIN");
  for (const auto& t : tables) {
    std::string sql = "INSERT INTO \"" + t.name + "\" VALUES (";
    for (int c = 0; c < t.columns; ++c) sql += c ? ",?" : "?";
    sql += ")";
    sqlite3_stmt* s = Prepare(db, sql);
    const char* p = t.values.data();
    for (int64_t r = 0; r < t.rows; ++r) {
      for (int c = 1; c <= t.columns; ++c) {
        switch (static_cast<Tag>(*p++)) {
          case Tag::kNull:
            sqlite3_bind_null(s, c);
            break;
          case Tag::kInt:
            sqlite3_bind_int64(s, c, Get<int64_t>(p));
            break;
          case Tag::kReal:
            sqlite3_bind_double(s, c, Get<double>(p));
            break;
          case Tag::kText: {
            const auto n = Get<uint32_t>(p);
            sqlite3_bind_text(s, c, p, static_cast<int>(n), SQLITE_STATIC);
            p += n;
            break;
          }
        }
      }
      Check(db, sqlite3_step(s), "insert");
      sqlite3_reset(s);
      ++rows;
    }
    sqlite3_finalize(s);
  }
  Exec(db, "COMMIT");
  return rows;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  bool pk_order = false;
  std::string base, synchronous = "OFF";
  std::vector<std::string> paths;
  bool usage = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--pk-order") {
      pk_order = true;
    } else if (args[i] == "--base" && i + 1 < args.size()) {
      base = args[++i];
    } else if (args[i] == "--synchronous" && i + 1 < args.size()) {
      synchronous = args[++i];
      usage = usage || (synchronous != "OFF" && synchronous != "NORMAL" && synchronous != "FULL");
    } else {
      paths.push_back(args[i]);
    }
  }
  if (usage || paths.size() != 2) {
    std::fprintf(stderr,
                 "usage: raw_insert SOURCE.db TARGET.db [--pk-order] [--base BASE.db] "
                 "[--synchronous OFF|NORMAL|FULL]  (TARGET must not exist)\n");
    return 2;
  }
  const std::string source = paths[0], target = paths[1];
  try {
    if (std::filesystem::exists(target)) throw std::runtime_error(target + " already exists");
    const std::vector<TableData> tables = ReadAll(source, pk_order, base);
    if (base.empty()) {
      // The same schema and indexes as the demo's database.
      auto conn = sg::store::OpenSqlite(target, {});
      sg::store::Migrate(*conn, 0);
    } else {
      // The same schema, indexes and rows as the database the import started from.
      std::filesystem::copy_file(base, target);
    }
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(target.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      throw std::runtime_error("cannot open " + target);
    }
    Exec(db, "PRAGMA journal_mode=WAL");
    Exec(db, ("PRAGMA synchronous=" + synchronous).c_str());
    Exec(db, "PRAGMA foreign_keys=ON");
    Exec(db, ("PRAGMA cache_size=-" + std::to_string(kCacheKib)).c_str());
    Exec(db, "PRAGMA temp_store=MEMORY");
    if (base.empty()) {
      // The migrations seed some tables (the built-in roles, the dictionary's ranges, …); the
      // source holds those rows too, so they are cleared first (untimed) and inserted with the
      // rest.
      Exec(db, "PRAGMA foreign_keys=OFF");
      for (const auto& t : tables) Exec(db, ("DELETE FROM \"" + t.name + "\"").c_str());
      Exec(db, "PRAGMA foreign_keys=ON");
      // Tables go in the order they were created, and users (0001) refer to roles (0002): the
      // keys are checked at the commit, as every row is there by then.
      Exec(db, "PRAGMA defer_foreign_keys=ON");
    }

    const auto start = std::chrono::steady_clock::now();
    const int64_t rows = InsertAll(db, tables);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    sqlite3_close(db);
    std::printf(
        "{\"rows\": %lld, \"tables\": %zu, \"order\": \"%s\", \"seconds\": %.3f, "
        "\"rows_per_s\": %.0f}\n",
        static_cast<long long>(rows), tables.size(), pk_order ? "pk" : "write", secs,
        secs > 0 ? static_cast<double>(rows) / secs : 0.0);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "raw_insert: %s\n", e.what());
    return 1;
  }
  return 0;
}
