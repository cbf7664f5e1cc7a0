// The public reference routes: health, dictionary, validation; and the error conventions.
#include "tests/api/api_fixture.h"

namespace sg::apitest {
namespace {

using ReferenceApiTest = ApiTest;

TEST_F(ReferenceApiTest, HealthReportsTheInjectedClock) {
  auto h = GetJson("/healthz");
  EXPECT_EQ(h.at("status"), "ok");
  EXPECT_EQ(std::string(h.at("now").as_string()).substr(0, 10), "2024-06-03");
}

TEST_F(ReferenceApiTest, DictionaryGivesChineseLabels) {
  auto d = GetJson("/api/v1/dict");
  bool found = false;
  for (const auto& e : d.at("case_kind").as_array()) {
    if (e.at("value") == "civil_first") {
      EXPECT_EQ(e.at("label"), "民事一审");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(ReferenceApiTest, ValidateAnswersVerdictsWith200) {
  // identifiers.md: a published valid USCC.
  auto v = GetJson("/api/v1/validate/uscc?value=91110000802100433B");
  EXPECT_EQ(v.at("valid"), true);
  EXPECT_EQ(v.at("parts").at("area_code"), "110000");
  auto bad = GetJson("/api/v1/validate/uscc?value=91110000802100433C");
  EXPECT_EQ(bad.at("valid"), false);
  EXPECT_FALSE(bad.at("reason").as_string().empty());
  auto cn = GetJson(
      "/api/v1/validate/case_number?value=(2024)%E6%99%8B07%E7%9F%A5%E6%B0%91%E5%88%9D15%E5%8F%B7");
  EXPECT_EQ(cn.at("valid"), true);
  EXPECT_EQ(cn.at("normalized"), "（2024）晋07知民初15号");
  EXPECT_EQ(cn.at("parts").at("sequence"), 15);
  auto pn = GetJson("/api/v1/validate/patent_number?value=ZL%202017%201%200601862.3");
  EXPECT_EQ(pn.at("normalized"), "201710601862.3");
  auto id = GetJson("/api/v1/validate/id_number?value=11010519491231002X");
  EXPECT_EQ(id.at("valid"), true);
}

TEST_F(ReferenceApiTest, ValidateRefusesUnknownTypesAndMissingValues) {
  auto r = server_->Get("/api/v1/validate/iban?value=x");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r), "type");
  r = server_->Get("/api/v1/validate/uscc");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r), "value");
}

TEST_F(ReferenceApiTest, UnknownRoutesAndMethodsUseTheErrorBody) {
  auto r = server_->Get("/api/v1/nothing");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Code(r), "not_found");
  r = server_->Request("DELETE", "/api/v1/cases");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("allow"), "GET, POST");
}

TEST_F(ReferenceApiTest, MetricsCountRequests) {
  GetJson("/api/v1/dict");
  auto r = server_->Get("/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("shenguan_http_requests_total{route=\"GET /api/v1/dict\",code=\"2xx\"} 1"),
            std::string::npos)
      << r.body;
}

TEST_F(ReferenceApiTest, StopsCleanlyOnSigterm) { EXPECT_EQ(server_->Stop(), 0); }

}  // namespace
}  // namespace sg::apitest

namespace sg::apitest {
namespace {

class EngineApiTest : public ApiTest {};

TEST_F(EngineApiTest, ServesTheDatabaseOfTheEngineUnderTest) {
  const std::string prefix =
      store::testing::TestEngine() == store::Engine::kPostgres ? "postgresql://" : "sqlite:";
  EXPECT_EQ(db_url_.rfind(prefix, 0), 0u) << db_url_;
  EXPECT_NE(server_->startup_output().find("database " + db_url_), std::string::npos)
      << server_->startup_output();
}

}  // namespace
}  // namespace sg::apitest
