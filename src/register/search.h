// Free-text search over cases: any substring of two or more characters of the title, party
// names, IP numbers and case number (shared/API.md, "Free text q").
//
// Every field is normalised (core::NormalizeName) and indexed as its distinct character bigrams
// in case_terms; the normalised fields are also kept in case_search, joined by a separator that
// no query can contain. A query matches a case when the case has all of (a sample of) the query's
// bigrams and its stored text really contains the normalised query. The same tables and SQL run
// on SQLite and PostgreSQL, and 2-character words such as 张伟 are found.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/db.h"

namespace sg::reg {

// The case_terms rows of many new cases, gathered in memory by a bulk writer (the import) and
// inserted in key order: the same rows as inserting each case's terms at once, but the B-tree is
// filled in order instead of at ~50 random places per case. Nothing may read case_terms for those
// cases before Flush, and a rolled-back savepoint does not take rows back out: use it only where
// the whole transaction commits or rolls back. Not thread-safe.
class TermBatch {
 public:
  // Adds the bigrams (core::Bigrams) of one normalised field of case `case_id`.
  void AddField(int64_t case_id, std::string_view normalized);
  // Ends the case whose fields were added since the last EndCase: each of its terms is kept
  // once. Flushes when the batch holds kFlushRows rows or more.
  void EndCase(store::Connection& conn);
  // Inserts the rows gathered, sorted by (term, case_id), and empties the batch.
  void Flush(store::Connection& conn);

 private:
  // A term of at most 8 bytes (every bigram: two code points of at most 4 bytes each) packed
  // big-endian and padded with zero bytes, which normalised text never holds, so that keys
  // compare as the terms' bytes do (SQLite's BINARY collation). 16 bytes a row, no allocation.
  struct Row {
    uint64_t term;
    int64_t case_id;
    // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 flags the defaulted comparison's 0.
    auto operator<=>(const Row&) const = default;
  };
  // About 100 MB of rows at a time.
  static constexpr size_t kFlushRows = 6'000'000;
  std::vector<Row> rows_;
  size_t case_begin_ = 0;       // the current case's first row
  std::vector<size_t> starts_;  // core::CodePointStarts' buffer
};

// Indexes the text of a new case (`replace` false) or replaces an indexed case's terms and text
// with those of `fields` (`replace` true). Old terms are found from the stored text and deleted
// by primary key, so no second index on case_terms is needed. With `batch` (new cases only) the
// terms go to it instead of straight to case_terms.
void IndexCaseText(store::Connection& conn, int64_t case_id, const std::vector<std::string>& fields,
                   bool replace, TermBatch* batch = nullptr);

// A LIKE pattern (with ESCAPE '\\') that matches any text containing `needle` literally.
std::string LikeContains(std::string_view needle);

// The cases matching a query, in two equivalent forms (each with `?` placeholders for its
// params, in order):
//   * `sql`: a condition on `c.id`, `c.id IN (...)` over the bigram index, which drives a query
//     from the matching cases (the best plan when few cases match);
//   * `probe`: a condition on `c.id` checked per case by primary-key lookups, for a query that
//     walks the cases in another order (a page in its sort order, when many cases match);
//   * `cases`: the matching case ids as a query of one column, each case once, to count them
//     without reading the cases.
struct SearchClause {
  // The one bigram that decides the query (a query of two characters), whose cases per holding
  // agency case_term_counts keeps (migration 0017); empty otherwise.
  std::string term;
  std::string sql;
  std::vector<std::string> params;
  std::string probe;
  std::vector<std::string> probe_params;
  std::string cases;
  std::vector<std::string> cases_params;
};
// Builds the condition for query `q`. Returns nullopt when `q` has fewer than two characters
// after normalisation.
std::optional<SearchClause> BuildSearchClause(const std::string& q);

}  // namespace sg::reg
