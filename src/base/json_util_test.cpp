#include "base/json_util.h"

#include <gtest/gtest.h>

namespace sg {
namespace {

ErrorCode CodeOf(const std::function<void()>& f, std::string* field = nullptr) {
  try {
    f();
  } catch (const ApiError& e) {
    if (field) *field = e.field();
    return e.code();
  }
  return ErrorCode::kInternal;
}

TEST(JsonUtilTest, RefusesMalformedAndInvalidUtf8) {
  EXPECT_EQ(CodeOf([] { ParseJsonBody("{\"a\":"); }), ErrorCode::kInvalidJson);
  EXPECT_EQ(CodeOf([] { ParseJsonBody("{\"a\":\"\xff\"}"); }), ErrorCode::kInvalidJson);
  EXPECT_EQ(CodeOf([] { ParseJsonBody("[1]"); }), ErrorCode::kInvalidJson);
  EXPECT_NO_THROW(ParseJsonBody("{\"title\":\"张伟\"}"));
}

TEST(JsonUtilTest, NamesTheFieldOfWrongTypes) {
  auto v = ParseJsonBody(R"({"title": 5, "n": "x", "d": "2024-02-30"})");
  ObjectReader r(v.as_object(), "parties[0]");
  std::string field;
  EXPECT_EQ(CodeOf([&] { r.OptString("title"); }, &field), ErrorCode::kInvalidField);
  EXPECT_EQ(field, "parties[0].title");
  EXPECT_EQ(CodeOf([&] { r.OptInt("n"); }, &field), ErrorCode::kInvalidField);
  EXPECT_EQ(CodeOf([&] { r.OptDate("d"); }, &field), ErrorCode::kInvalidField);
  EXPECT_EQ(field, "parties[0].d");
}

TEST(JsonUtilTest, RefusesFieldsNotTaken) {
  auto v = ParseJsonBody(R"({"title": "a", "surprise": 1})");
  ObjectReader r(v.as_object());
  r.OptString("title");
  std::string field;
  EXPECT_EQ(CodeOf([&] { r.Finish(); }, &field), ErrorCode::kUnknownField);
  EXPECT_EQ(field, "surprise");
}

TEST(JsonUtilTest, EnumsAndRanges) {
  auto v = ParseJsonBody(R"({"kind": "civil_first", "bad": "x", "fen": -1})");
  ObjectReader r(v.as_object());
  EXPECT_EQ(r.ReqEnum("kind", {"civil_first", "complaint"}), "civil_first");
  EXPECT_EQ(CodeOf([&] { r.OptEnum("bad", {"a"}); }), ErrorCode::kInvalidField);
  EXPECT_EQ(CodeOf([&] { r.OptInt("fen", 0); }), ErrorCode::kInvalidField);
}

}  // namespace
}  // namespace sg
