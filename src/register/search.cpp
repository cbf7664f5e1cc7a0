#include "register/search.h"

#include <algorithm>
#include <optional>
#include <unordered_set>

#include "core/text_normalize.h"

namespace sg::reg {
namespace {

constexpr std::string_view kDeleteTerm = "DELETE FROM case_terms WHERE term = ? AND case_id = ?";
constexpr std::string_view kOldText = "SELECT text FROM case_search WHERE case_id = ?";
constexpr std::string_view kInsertTerm = "INSERT INTO case_terms (term, case_id) VALUES (?, ?)";
constexpr std::string_view kInsertTerms = "INSERT INTO case_terms (term, case_id) VALUES ";
// On PostgreSQL every statement is a round trip, so a case's terms go in multi-row INSERTs (each
// distinct row count is its own cached statement, so the bound stays small). On SQLite a
// statement is a function call, and one cached single-row INSERT is the fastest.
constexpr size_t kTermsPerInsert = 64;

// Inserts case_terms rows: term(i), case_of(i) for i in [0, n).
template <typename Term, typename CaseOf>
void InsertTermRows(store::Connection& conn, size_t n, const Term& term, const CaseOf& case_of) {
  if (conn.engine() == store::Engine::kSqlite) {
    for (size_t i = 0; i < n; ++i) conn.Exec(kInsertTerm, term(i), case_of(i));
    return;
  }
  for (size_t begin = 0; begin < n; begin += kTermsPerInsert) {
    const size_t end = std::min(n, begin + kTermsPerInsert);
    std::string sql(kInsertTerms);
    std::vector<store::Param> params;
    params.reserve(2 * (end - begin));
    for (size_t i = begin; i < end; ++i) {
      sql += i == begin ? "(?, ?)" : ", (?, ?)";
      params.emplace_back(term(i));
      params.emplace_back(case_of(i));
    }
    auto rows = conn.QueryV(sql, params);
    while (rows.Next()) {
    }
  }
}

void InsertTerms(store::Connection& conn, int64_t case_id, const std::vector<std::string>& terms) {
  InsertTermRows(
      conn, terms.size(), [&](size_t i) -> const std::string& { return terms[i]; },
      [&](size_t) { return case_id; });
}
constexpr std::string_view kUpsertText =
    "INSERT INTO case_search (case_id, text) VALUES (?, ?) "
    "ON CONFLICT (case_id) DO UPDATE SET text = excluded.text";
// A field separator that normalised query text never contains.
constexpr char kSeparator = '\x1f';
// Bigrams checked in the index per query; the substring check on the text does the rest.
constexpr size_t kMaxQueryTerms = 4;

}  // namespace

std::string LikeContains(std::string_view needle) {
  std::string out = "%";
  for (char ch : needle) {
    if (ch == '%' || ch == '_' || ch == '\\') out.push_back('\\');
    out.push_back(ch);
  }
  out.push_back('%');
  return out;
}

void TermBatch::AddField(int64_t case_id, std::string_view normalized) {
  if (!core::CodePointStarts(normalized, starts_)) return;
  for (size_t i = 0; i + 2 < starts_.size(); ++i) {
    // A code point is at most 4 bytes, so a bigram fits the 8 bytes of a key.
    uint64_t packed = 0;
    for (size_t b = 0; b < sizeof(uint64_t); ++b) {
      const size_t at = starts_[i] + b;
      packed =
          (packed << 8) | (at < starts_[i + 2] ? static_cast<unsigned char>(normalized[at]) : 0U);
    }
    rows_.push_back({packed, case_id});
  }
}

void TermBatch::EndCase(store::Connection& conn) {
  const auto begin = rows_.begin() + static_cast<std::ptrdiff_t>(case_begin_);
  std::sort(begin, rows_.end());
  rows_.erase(std::unique(begin, rows_.end()), rows_.end());
  case_begin_ = rows_.size();
  if (rows_.size() >= kFlushRows) Flush(conn);
}

void TermBatch::Flush(store::Connection& conn) {
  // Byte order, the order of SQLite's BINARY collation (only the speed depends on it).
  std::sort(rows_.begin(), rows_.end());
  std::string term;
  InsertTermRows(
      conn, rows_.size(),
      [&](size_t i) -> const std::string& {
        term.clear();
        for (int shift = 56; shift >= 0; shift -= 8) {
          const auto byte = static_cast<char>((rows_[i].term >> shift) & 0xFF);
          if (byte == 0) break;
          term.push_back(byte);
        }
        return term;
      },
      [&](size_t i) { return rows_[i].case_id; });
  rows_.clear();
  case_begin_ = 0;
}

void IndexCaseText(store::Connection& conn, int64_t case_id, const std::vector<std::string>& fields,
                   bool replace, TermBatch* batch) {
  if (replace) {
    std::string old;
    {
      auto rows = conn.Query(kOldText, case_id);
      if (rows.Next()) old = rows.Str(0);
    }
    std::unordered_set<std::string> gone;
    size_t start = 0;
    while (start <= old.size()) {
      const size_t sep = old.find(kSeparator, start);
      const std::string field = old.substr(start, sep == std::string::npos ? sep : sep - start);
      for (auto& b : core::Bigrams(field)) {
        if (gone.insert(b).second) conn.Exec(kDeleteTerm, b, case_id);
      }
      if (sep == std::string::npos) break;
      start = sep + 1;
    }
  }
  const bool batched = batch && !replace;
  std::unordered_set<std::string> seen;
  std::vector<std::string> terms;
  std::string text;
  for (const auto& f : fields) {
    const std::string norm = core::NormalizeName(f);
    if (norm.empty()) continue;
    if (!text.empty()) text.push_back(kSeparator);
    text += norm;
    if (batched) {
      batch->AddField(case_id, norm);
      continue;
    }
    for (auto& b : core::Bigrams(norm)) {
      if (seen.insert(b).second) terms.push_back(std::move(b));
    }
  }
  if (batched) {
    batch->EndCase(conn);
  } else {
    InsertTerms(conn, case_id, terms);
  }
  conn.Exec(kUpsertText, case_id, text);
}

std::optional<SearchClause> BuildSearchClause(const std::string& q) {
  const std::string norm = core::NormalizeName(q);
  const auto grams = core::Bigrams(norm);
  if (grams.empty()) return std::nullopt;
  // Sample bigrams spread over the query: the first, the last and some between.
  std::vector<std::string> picked;
  if (grams.size() <= kMaxQueryTerms) {
    picked = grams;
  } else {
    for (size_t i = 0; i < kMaxQueryTerms; ++i) {
      picked.push_back(grams[i * (grams.size() - 1) / (kMaxQueryTerms - 1)]);
    }
  }
  // The candidates: the cases holding every sampled bigram. A query that is one bigram is
  // decided by them alone: a case holds the term exactly when one of its normalised fields
  // contains those two characters. Otherwise the stored text is checked per candidate (a lookup
  // by primary key), never by a LIKE over every stored text.
  const bool exact = grams.size() == 1 && grams[0] == norm;
  SearchClause out;
  std::string candidates;
  for (size_t i = 0; i < picked.size(); ++i) {
    if (i) candidates += " INTERSECT ";
    candidates += "SELECT case_id FROM case_terms WHERE term = ?";
    out.probe += std::string(i ? " AND " : "") +
                 "EXISTS (SELECT 1 FROM case_terms ct WHERE ct.term = ? AND ct.case_id = c.id)";
    out.cases_params.push_back(picked[i]);
  }
  out.probe_params = out.cases_params;
  out.params = out.cases_params;
  out.sql = "c.id IN (" + candidates + ")";
  out.cases = candidates;
  if (exact) {
    out.term = norm;
    return out;
  }
  constexpr std::string_view kText = "cs.text LIKE ? ESCAPE '\\'";
  const std::string like = LikeContains(norm);
  out.sql += " AND EXISTS (SELECT 1 FROM case_search cs WHERE cs.case_id = c.id AND " +
             std::string(kText) + ")";
  out.params.push_back(like);
  out.probe += " AND EXISTS (SELECT 1 FROM case_search cs WHERE cs.case_id = c.id AND " +
               std::string(kText) + ")";
  out.probe_params.push_back(like);
  out.cases = "SELECT cs.case_id FROM case_search cs WHERE cs.case_id IN (" + candidates +
              ") AND " + std::string(kText);
  out.cases_params.push_back(like);
  return out;
}

}  // namespace sg::reg
