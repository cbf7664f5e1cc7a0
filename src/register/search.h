// Free-text search over cases: any substring of two or more characters of the title, party
// names, IP numbers and case number (shared/API.md, "Free text q").
//
// Every field is normalised (core::NormalizeName) and indexed as its distinct character bigrams
// in case_terms; the normalised fields are also kept in case_search, joined by a separator that
// no query can contain. A query matches a case when the case has all of (a sample of) the query's
// bigrams and its stored text really contains the normalised query. The same tables and SQL run
// on SQLite and PostgreSQL, and 2-character words such as 张伟 are found.
#pragma once

#include <string>
#include <vector>

#include "store/db.h"

namespace sg::reg {

// Indexes the text of a new case (`replace` false) or replaces an indexed case's terms and text
// with those of `fields` (`replace` true). Old terms are found from the stored text and deleted
// by primary key, so no second index on case_terms is needed.
void IndexCaseText(store::Connection& conn, int64_t case_id, const std::vector<std::string>& fields,
                   bool replace);

// A LIKE pattern (with ESCAPE '\\') that matches any text containing `needle` literally.
std::string LikeContains(std::string_view needle);

struct SearchClause {
  // A SQL condition on `c.id`, with `?` placeholders for `params` in order.
  std::string sql;
  std::vector<std::string> params;
};
// Builds the condition for query `q`. Returns nullopt when `q` has fewer than two characters
// after normalisation.
std::optional<SearchClause> BuildSearchClause(const std::string& q);

}  // namespace sg::reg
