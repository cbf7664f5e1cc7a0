#include <gtest/gtest.h>

#include "store/postgres/pg_connection.h"

namespace sg::store {
namespace {

std::string Numbered(std::string_view sql, int expected_count) {
  int n = -1;
  std::string out = NumberPlaceholders(sql, &n);
  EXPECT_EQ(n, expected_count) << sql;
  return out;
}

TEST(PgPlaceholdersTest, NumbersEachQuestionMarkInOrder) {
  EXPECT_EQ(Numbered("SELECT a FROM t WHERE a = ? AND b IN (?, ?) LIMIT ?", 4),
            "SELECT a FROM t WHERE a = $1 AND b IN ($2, $3) LIMIT $4");
  EXPECT_EQ(Numbered("SELECT 1", 0), "SELECT 1");
}

TEST(PgPlaceholdersTest, SkipsLiteralsIdentifiersAndComments) {
  EXPECT_EQ(Numbered("SELECT '?', 'it''s ?', \"q?\" FROM t WHERE a = ?", 1),
            "SELECT '?', 'it''s ?', \"q?\" FROM t WHERE a = $1");
  // standard_conforming_strings: a backslash does not escape the closing quote.
  EXPECT_EQ(Numbered("SELECT 1 WHERE s LIKE ? ESCAPE '\\' AND t = ?", 2),
            "SELECT 1 WHERE s LIKE $1 ESCAPE '\\' AND t = $2");
  EXPECT_EQ(Numbered("SELECT ? -- why?\n, /* what? */ ?", 2),
            "SELECT $1 -- why?\n, /* what? */ $2");
}

}  // namespace
}  // namespace sg::store
