#include "http/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace sg::http {
namespace {
namespace fs = std::filesystem;

constexpr std::string_view kIndexHtml = "<!doctype html><div id=app></div>";
constexpr std::string_view kAppJs = "console.log('app')";
constexpr std::string_view kSecret = "root:x:0:0";

void WriteFile(const fs::path& p, std::string_view content) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

std::string HeaderOf(const Response& r, std::string_view name) {
  std::string found;
  for (const auto& [k, v] : r.headers) {
    if (k == name) {
      EXPECT_TRUE(found.empty()) << "header " << name << " set twice";
      found = v;
    }
  }
  return found;
}

// A built web app in a fresh temporary directory:
//   <base>/secret.txt              outside the root
//   <base>/dist/index.html, assets/app.123.js, logo.svg, .env, big.bin (over the limit)
//   <base>/dist/leak.txt -> ../secret.txt, out -> <base>, alias.js -> assets/app.123.js
class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("shenguan_static_test_" + std::to_string(std::random_device{}()));
    root_ = base_ / "dist";
    WriteFile(base_ / "secret.txt", kSecret);
    WriteFile(root_ / "index.html", kIndexHtml);
    WriteFile(root_ / "assets" / "app.123.js", kAppJs);
    WriteFile(root_ / "logo.svg", "<svg/>");
    WriteFile(root_ / ".env", "DATABASE_URL=secret");
    WriteFile(root_ / "assets" / ".hidden.js", kSecret);
    WriteFile(root_ / "big.bin", "");
    fs::resize_file(root_ / "big.bin", StaticFiles::kMaxFileBytes + 1);
    fs::create_symlink("../secret.txt", root_ / "leak.txt");
    fs::create_directory_symlink(base_, root_ / "out");
    fs::create_symlink("assets/app.123.js", root_ / "alias.js");
  }
  void TearDown() override { fs::remove_all(base_); }

  Response Get(std::string_view path, std::string_view if_none_match = {}) {
    StaticFiles files(root_.string());
    auto r = files.Serve(path, if_none_match);
    EXPECT_TRUE(r.has_value()) << path;
    return r ? *r : Response{};
  }
  void ExpectNotFound(std::string_view path) {
    const Response r = Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.content_type, "application/json; charset=utf-8") << path;
    EXPECT_NE(r.body.find("\"not_found\""), std::string::npos) << path;
    EXPECT_EQ(r.body.find(kSecret), std::string::npos) << path;
  }

  fs::path base_;
  fs::path root_;
};

TEST_F(StaticFilesTest, ServesThePrecompressedSiblingToClientsThatAcceptGzip) {
  WriteFile(root_ / "assets" / "app.123.js.gz", "GZIPPED");
  StaticFiles files(root_.string());
  const auto gz = files.Serve("/assets/app.123.js", "", "br, gzip;q=0.8, deflate");
  ASSERT_TRUE(gz.has_value());
  EXPECT_EQ(gz->body, "GZIPPED");
  EXPECT_EQ(HeaderOf(*gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(HeaderOf(*gz, "Vary"), "Accept-Encoding");
  EXPECT_EQ(gz->content_type, "text/javascript; charset=utf-8");

  for (const std::string_view refuses : {"", "identity", "br", "gzip;q=0", "gzip; q=0.000"}) {
    const auto plain = files.Serve("/assets/app.123.js", "", refuses);
    ASSERT_TRUE(plain.has_value());
    EXPECT_EQ(plain->body, kAppJs) << refuses;
    EXPECT_EQ(HeaderOf(*plain, "Content-Encoding"), "") << refuses;
    EXPECT_EQ(HeaderOf(*plain, "Vary"), "Accept-Encoding") << refuses;
    EXPECT_NE(HeaderOf(*plain, "ETag"), HeaderOf(*gz, "ETag"));
  }
  // A file without a sibling is sent as it is, without Vary.
  const auto svg = files.Serve("/logo.svg", "", "gzip");
  ASSERT_TRUE(svg.has_value());
  EXPECT_EQ(HeaderOf(*svg, "Content-Encoding"), "");
  EXPECT_EQ(HeaderOf(*svg, "Vary"), "");
}

TEST_F(StaticFilesTest, ServesIndexAtTheRootWithoutLongCaching) {
  const Response r = Get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, kIndexHtml);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-cache");
  EXPECT_EQ(HeaderOf(r, "Content-Security-Policy"), kAppContentSecurityPolicy);
  EXPECT_EQ(HeaderOf(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_FALSE(HeaderOf(r, "ETag").empty());
  EXPECT_EQ(Get("/index.html").body, kIndexHtml);
}

TEST_F(StaticFilesTest, HashedAssetsAreCachedForever) {
  const Response r = Get("/assets/app.123.js");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, kAppJs);
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(Get("/logo.svg").content_type, "image/svg+xml; charset=utf-8");
  EXPECT_EQ(HeaderOf(Get("/logo.svg"), "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, LeavesApiAndServerPathsToTheRouter) {
  StaticFiles files(root_.string());
  for (std::string_view path :
       {"/api", "/api/", "/api/v1/cases", "/api/v1/../../etc/passwd", "/healthz", "/metrics"}) {
    EXPECT_FALSE(files.Serve(path, "").has_value()) << path;
  }
  EXPECT_EQ(Get("/apiary").body, kIndexHtml) << "only the /api segment is the API";
}

TEST_F(StaticFilesTest, HistoryRoutesWithoutExtensionAnswerIndex) {
  for (std::string_view path : {"/login", "/cases/42", "/cases/", "/assets", "/cases/42/edit"}) {
    const Response r = Get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, kIndexHtml) << path;
    EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-cache") << path;
  }
}

TEST_F(StaticFilesTest, MissingFilesWithAnExtensionAre404) {
  ExpectNotFound("/assets/x.js");
  ExpectNotFound("/favicon.ico");
  ExpectNotFound("/cases/42.json");
}

TEST_F(StaticFilesTest, RefusesTraversalAndMalformedPathsAs404) {
  const std::vector<std::string> paths = {
      "/../secret.txt",
      "/assets/../../etc/passwd",
      "/../",  // "/%2e%2e/" once the server has decoded it
      "/..",
      "/./index.html",
      "/assets/./app.123.js",
      "assets/app.123.js",
      "",
      "//etc/passwd",
      "/assets//app.123.js",
      "/..\\secret.txt",
      "/assets\\app.123.js",
      std::string("/index.html\0.js", 15),
      std::string("/\0", 2),
      "/index.html\n",
  };
  for (const auto& path : paths) ExpectNotFound(path);
}

TEST_F(StaticFilesTest, NeverServesDotfiles) {
  ExpectNotFound("/.env");
  ExpectNotFound("/assets/.hidden.js");
  ExpectNotFound("/.git/config");
}

TEST_F(StaticFilesTest, SymlinksOutOfTheRootAre404EvenForHistoryRoutes) {
  ExpectNotFound("/leak.txt");
  ExpectNotFound("/out/secret.txt");
  ExpectNotFound("/out/anything");  // no extension, yet no index.html: nothing outside is probed
  const Response inside = Get("/alias.js");
  EXPECT_EQ(inside.status, 200) << "a symlink within the root is fine";
  EXPECT_EQ(inside.body, kAppJs);
}

TEST_F(StaticFilesTest, RefusesFilesOverTheSizeLimit) { ExpectNotFound("/big.bin"); }

TEST_F(StaticFilesTest, MatchingIfNoneMatchAnswers304WithoutBody) {
  const std::string etag = HeaderOf(Get("/assets/app.123.js"), "ETag");
  ASSERT_FALSE(etag.empty());
  for (const std::string& inm : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    const Response r = Get("/assets/app.123.js", inm);
    EXPECT_EQ(r.status, 304) << inm;
    EXPECT_TRUE(r.body.empty()) << inm;
    EXPECT_EQ(HeaderOf(r, "ETag"), etag) << inm;
    EXPECT_EQ(HeaderOf(r, "Cache-Control"), "public, max-age=31536000, immutable") << inm;
  }
  EXPECT_EQ(Get("/assets/app.123.js", "\"other\"").status, 200);

  const std::string index_etag = HeaderOf(Get("/"), "ETag");
  EXPECT_EQ(Get("/cases/1", index_etag).status, 304) << "history routes revalidate index.html";

  WriteFile(root_ / "assets" / "app.123.js", "console.log('changed')");
  EXPECT_EQ(Get("/assets/app.123.js", etag).status, 200) << "a changed file has a new ETag";
}

TEST_F(StaticFilesTest, WithoutAWebBuildEverythingGoesToTheRouter) {
  StaticFiles missing((base_ / "nope").string());
  EXPECT_FALSE(missing.available());
  EXPECT_FALSE(missing.Serve("/", "").has_value());
  EXPECT_FALSE(missing.Serve("/../secret.txt", "").has_value());

  fs::remove(root_ / "index.html");
  StaticFiles no_index(root_.string());
  EXPECT_FALSE(no_index.available());
  EXPECT_FALSE(no_index.Serve("/assets/app.123.js", "").has_value());

  EXPECT_TRUE(StaticFiles(base_.string()).available() == false);
}

TEST(ContentTypeTest, ByExtension) {
  const std::vector<std::pair<std::string_view, std::string_view>> cases = {
      {"index.html", "text/html; charset=utf-8"},
      {"app.js", "text/javascript; charset=utf-8"},
      {"worker.mjs", "text/javascript; charset=utf-8"},
      {"app.css", "text/css; charset=utf-8"},
      {"data.json", "application/json; charset=utf-8"},
      {"app.js.map", "application/json; charset=utf-8"},
      {"manifest.webmanifest", "application/manifest+json; charset=utf-8"},
      {"robots.txt", "text/plain; charset=utf-8"},
      {"logo.svg", "image/svg+xml; charset=utf-8"},
      {"logo.png", "image/png"},
      {"photo.jpg", "image/jpeg"},
      {"PHOTO.JPG", "image/jpeg"},
      {"favicon.ico", "image/x-icon"},
      {"font.woff", "font/woff"},
      {"font.woff2", "font/woff2"},
      {"archive.zip", "application/octet-stream"},
      {"README", "application/octet-stream"},
      {"dir.d/README", "application/octet-stream"},
  };
  for (const auto& [name, type] : cases) EXPECT_EQ(ContentTypeForPath(name), type) << name;
}

TEST(SecurityHeadersTest, SetsEachHeaderOnceAndReplacesEarlierValues) {
  Response r;
  r.SetHeader("x-frame-options", "SAMEORIGIN");
  AddSecurityHeaders(r, /*html=*/true);
  AddSecurityHeaders(r, /*html=*/false);
  EXPECT_EQ(r.headers.size(), 4u);
  EXPECT_EQ(HeaderOf(r, "X-Frame-Options"), "DENY");
  EXPECT_EQ(HeaderOf(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(HeaderOf(r, "Referrer-Policy"), "strict-origin-when-cross-origin");
  EXPECT_EQ(HeaderOf(r, "Content-Security-Policy"), kDataContentSecurityPolicy);
}

TEST(SecurityHeadersTest, AppPolicyAllowsInlineStylesButNoInlineScripts) {
  const std::string_view csp = kAppContentSecurityPolicy;
  EXPECT_NE(csp.find("style-src 'self' 'unsafe-inline'"), std::string_view::npos);
  EXPECT_NE(csp.find("script-src 'self';"), std::string_view::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string_view::npos);
  EXPECT_NE(csp.find("object-src 'none'"), std::string_view::npos);
}

}  // namespace
}  // namespace sg::http
