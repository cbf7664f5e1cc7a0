// What the program refuses at start-up: a wrong workflow definition stops `serve` with the file and
// the problem named, before anything is served.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/api/api_fixture.h"

namespace sg::apitest {
namespace {

std::string Read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_F(ApiTest, AWrongWorkflowDefinitionStopsTheServerNamingFileAndProblem) {
  const auto dir = dir_ / "workflows";
  std::filesystem::create_directories(dir);
  std::string text =
      Read(std::filesystem::path(SHENGUAN_SOURCE_DIR) / "workflows/civil_first.json");
  const std::string from = R"("stops_on": ["file", "not_accept"])";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), R"("stops_on": [])");
  std::ofstream(dir / "civil_first.json") << text;

  std::string out;
  EXPECT_NE(
      RunShenguan(
          {"serve", "--db", db_url_, "--listen", "127.0.0.1:0", "--workflows", dir.string()}, &out),
      0);
  EXPECT_NE(out.find("civil_first.json"), std::string::npos) << out;
  EXPECT_NE(out.find("never stops"), std::string::npos) << out;

  out.clear();
  EXPECT_EQ(RunShenguan({"workflow", "check"}, &out), 0)
      << "the shipped definitions are valid: " << out;
}

}  // namespace
}  // namespace sg::apitest

namespace sg::apitest {
namespace {

// `serve --follow` refuses a wrong address or a missing token file before serving anything.
TEST_F(ApiTest, AWrongFollowAddressOrTokenFileStopsTheServer) {
  const std::string token_file = (dir_ / "follow.tok").string();
  std::ofstream(token_file) << "sg_x\n";
  std::string out;
  EXPECT_EQ(RunShenguan({"serve", "--db", db_url_, "--listen", "127.0.0.1:0", "--follow",
                         "ftp://127.0.0.1:1", "--token-file", token_file},
                        &out),
            1);
  EXPECT_NE(out.find("--follow must be"), std::string::npos) << out;
  EXPECT_EQ(out.find("listening"), std::string::npos) << out;
  EXPECT_EQ(RunShenguan({"serve", "--db", db_url_, "--listen", "127.0.0.1:0", "--follow",
                         "http://127.0.0.1:1", "--token-file", (dir_ / "none.tok").string()},
                        &out),
            1);
  EXPECT_NE(out.find("cannot read"), std::string::npos) << out;
}

}  // namespace
}  // namespace sg::apitest
