// A running server on a fresh database of the engine under test (store/testing/test_db.h).
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <memory>
#include <random>

#include "store/testing/test_db.h"
#include "tests/api/server_process.h"

namespace sg::apitest {

inline constexpr const char* kNow = "2024-06-03T09:00:00+08:00";  // a Monday

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("shenguan-api-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    db_ = std::make_unique<store::testing::TestDb>();
    db_url_ = db_->url();
    // Every test acts as a system administrator unless it says otherwise; the token has a high
    // rate limit so that tests are never throttled.
    const std::string token =
        CreateToken(db_url_, "system_admin", {"--rate-limit", "100000", "--now", kNow});
    server_ = std::make_unique<ServerProcess>(db_url_, kNow);
    server_->SetToken(token);
  }
  void TearDown() override {
    server_.reset();
    db_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  static boost::json::value Parse(const HttpResponse& r) { return boost::json::parse(r.body); }

  // POSTs JSON and expects `status`; returns the parsed body.
  boost::json::value Post(const std::string& target, const boost::json::value& body,
                          int status = 201) {
    auto r = server_->PostJson(target, boost::json::serialize(body));
    EXPECT_EQ(r.status, status) << target << " " << r.body;
    return Parse(r);
  }
  boost::json::value GetJson(const std::string& target, int status = 200) {
    auto r = server_->Get(target);
    EXPECT_EQ(r.status, status) << target << " " << r.body;
    return Parse(r);
  }
  int64_t AddAgency(const boost::json::object& a) {
    return Post("/api/v1/agencies", a).at("id").as_int64();
  }
  // The Jinzhong Intermediate People's Court, the agency most tests start from.
  int64_t AddMidCourt() {
    return AddAgency({{"name", "晋中市中级人民法院"},
                      {"abbr", "晋中中院"},
                      {"type", "court"},
                      {"court_level", "intermediate"},
                      {"court_code", "晋07"},
                      {"area_code", "140700"}});
  }

  // The Yuci District People's Court, a basic court under `city_court`.
  int64_t AddYuciCourt(int64_t city_court) {
    return AddAgency({{"name", "榆次区人民法院"},
                      {"abbr", "榆次法院"},
                      {"type", "court"},
                      {"court_level", "basic"},
                      {"court_code", "晋0702"},
                      {"area_code", "140702"},
                      {"parent_id", city_court}});
  }
  // The Jinzhong Market Regulation Bureau.
  int64_t AddBureau() {
    return AddAgency({{"name", "晋中市市场监督管理局"},
                      {"abbr", "晋中市监"},
                      {"type", "market_regulation"},
                      {"area_code", "140700"}});
  }

  // The error code of a failed response.
  static std::string Code(const HttpResponse& r) {
    return std::string(boost::json::parse(r.body).at("error").at("code").as_string());
  }
  static std::string Field(const HttpResponse& r) {
    const auto v = boost::json::parse(r.body);
    const auto& e = v.at("error").as_object();
    return e.contains("field") ? std::string(e.at("field").as_string()) : "";
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::testing::TestDb> db_;
  std::string db_url_;
  std::unique_ptr<ServerProcess> server_;
};

}  // namespace sg::apitest
