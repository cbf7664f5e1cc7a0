#include "http/router.h"

#include <gtest/gtest.h>

namespace sg::http {
namespace {

Request Req(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

Response Call(const Router& router, Request req) {
  Response out;
  Dispatch(router, req, [&out](Response&& r) { out = std::move(r); });
  return out;
}

Router MakeRouter(std::vector<int64_t>* seen) {
  Router r;
  r.Add("GET", "/api/v1/cases/{id}", "case:record:read", Sync([seen](Request& req) {
          seen->push_back(req.Id());
          return Json(200, boost::json::object{{"id", req.Id()}});
        }));
  r.Add("PATCH", "/api/v1/cases/{id}", "case:record:update", Sync([](Request&) -> Response {
          throw ApiError(ErrorCode::kPreconditionRequired, "缺少 If-Match");
        }));
  r.Add("GET", "/api/v1/validate/{type}", kPublic,
        Sync([](Request& req) { return Json(200, boost::json::string(req.path_args.at(0))); }));
  return r;
}

TEST(RouterTest, MatchesIdsAndArguments) {
  std::vector<int64_t> seen;
  auto router = MakeRouter(&seen);
  EXPECT_EQ(Call(router, Req("GET", "/api/v1/cases/42")).status, 200);
  EXPECT_EQ(seen, std::vector<int64_t>{42});
  EXPECT_EQ(Call(router, Req("GET", "/api/v1/validate/uscc")).body, "\"uscc\"");
}

TEST(RouterTest, NonNumericOrZeroIdsAreNotFound) {
  std::vector<int64_t> seen;
  auto router = MakeRouter(&seen);
  EXPECT_EQ(Call(router, Req("GET", "/api/v1/cases/abc")).status, 404);
  EXPECT_EQ(Call(router, Req("GET", "/api/v1/cases/0")).status, 404);
  EXPECT_EQ(Call(router, Req("GET", "/api/v1/cases/1/x")).status, 404);
  EXPECT_TRUE(seen.empty());
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
  std::vector<int64_t> seen;
  auto router = MakeRouter(&seen);
  auto r = Call(router, Req("DELETE", "/api/v1/cases/1"));
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].second, "GET, PATCH");
}

TEST(RouterTest, HandlerErrorsBecomeTheErrorBody) {
  std::vector<int64_t> seen;
  auto router = MakeRouter(&seen);
  auto r = Call(router, Req("PATCH", "/api/v1/cases/1"));
  EXPECT_EQ(r.status, 428);
  EXPECT_NE(r.body.find("\"code\":\"precondition_required\""), std::string::npos);
}

}  // namespace
}  // namespace sg::http
