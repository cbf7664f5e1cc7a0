// docs/api/openapi.yaml must stay true: every route the router serves is documented there, with
// each of its methods. Later issues extend the router and this stays their check.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "http/app.h"
#include "store/test_util.h"

namespace sg::http {
namespace {

// path -> methods, read from the `paths:` section (two-space path keys, four-space methods).
std::map<std::string, std::set<std::string>> DocumentedRoutes() {
  const char* src = std::getenv("SHENGUAN_SOURCE_DIR");
  std::ifstream in(std::string(src ? src : ".") + "/docs/api/openapi.yaml");
  EXPECT_TRUE(in.good()) << "docs/api/openapi.yaml not found";
  std::map<std::string, std::set<std::string>> out;
  std::string line, current;
  bool in_paths = false;
  while (std::getline(in, line)) {
    if (line == "paths:") {
      in_paths = true;
      continue;
    }
    if (!in_paths) continue;
    if (!line.empty() && line[0] != ' ') break;
    if (line.rfind("  /", 0) == 0 && line.back() == ':') {
      current = line.substr(2, line.size() - 3);
      out[current];
    } else if (line.rfind("    ", 0) == 0 && line[4] != ' ' && line.back() == ':') {
      std::string method = line.substr(4, line.size() - 5);
      for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out[current].insert(method);
    }
  }
  return out;
}

TEST(OpenApiTest, EveryRouteIsDocumented) {
  store::testing::TempDir dir;
  FixedClock clock(0);
  auto db = store::Database::Open("sqlite:" + dir.File("o.db"), clock, {});
  App app(*db, clock, "test");
  const Router router = BuildRouter(app);
  const auto documented = DocumentedRoutes();
  ASSERT_FALSE(documented.empty());
  for (const auto& r : router.routes()) {
    auto it = documented.find(r.pattern);
    ASSERT_NE(it, documented.end()) << r.pattern << " is served but not in openapi.yaml";
    EXPECT_TRUE(it->second.contains(r.method))
        << r.method << " " << r.pattern << " is served but not in openapi.yaml";
  }
}

}  // namespace
}  // namespace sg::http
