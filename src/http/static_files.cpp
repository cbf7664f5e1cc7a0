#include "http/static_files.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

namespace sg::http {
namespace fs = std::filesystem;
namespace {

// One answer for every refusal, so that a probe cannot tell a forbidden path from a missing one.
constexpr const char* kNotFoundMessage = "请求的页面或文件不存在，请检查地址";
constexpr const char* kIndexFile = "index.html";
constexpr std::string_view kAssetsPrefix = "/assets/";
constexpr const char* kImmutable = "public, max-age=31536000, immutable";
constexpr const char* kRevalidate = "no-cache";
// Referrer-Policy: not "no-referrer", because under it browsers send "Origin: null" on the app's
// own POST requests, which would defeat an Origin check against cross-site requests.
constexpr const char* kReferrerPolicy = "strict-origin-when-cross-origin";

struct TypeByExtension {
  std::string_view extension;
  std::string_view content_type;
};
constexpr std::array<TypeByExtension, 15> kContentTypes = {{
    {"html", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"json", "application/json; charset=utf-8"},
    {"map", "application/json; charset=utf-8"},
    {"webmanifest", "application/manifest+json; charset=utf-8"},
    {"txt", "text/plain; charset=utf-8"},
    {"svg", "image/svg+xml; charset=utf-8"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"ico", "image/x-icon"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
}};

Response NotFound() {
  Response r = Error(ApiError(ErrorCode::kNotFound, kNotFoundMessage));
  AddSecurityHeaders(r, /*html=*/false);
  return r;
}

bool IsApiPath(std::string_view path) {
  return path == "/api" || path.starts_with("/api/") || path == "/healthz" || path == "/metrics";
}

// The rules on the request path itself, before the file system is asked anything.
bool IsSafePath(std::string_view path) {
  if (!path.starts_with('/') || path.find("//") != std::string_view::npos) return false;
  const bool bad_byte = std::any_of(path.begin(), path.end(), [](char c) {
    return c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (bad_byte) return false;
  // No segment may start with '.': that refuses "..", "." and dotfiles alike.
  for (size_t pos = path.find('/'); pos != std::string_view::npos; pos = path.find('/', pos + 1)) {
    if (pos + 1 < path.size() && path[pos + 1] == '.') return false;
  }
  return true;
}

bool HasExtension(std::string_view path) {
  const std::string_view last = path.substr(path.rfind('/') + 1);
  return last.find('.') != std::string_view::npos;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// If-None-Match compares weakly (RFC 9110 §13.1.2): W/"x" matches "x"; "*" matches any file.
bool EtagMatches(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    const size_t comma = if_none_match.find(',');
    std::string_view item = Trim(if_none_match.substr(0, comma));
    if (item == "*") return true;
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == etag) return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

std::string Hex(uintmax_t n) {
  std::array<char, 2 * sizeof(uintmax_t)> buf{};
  const auto end = std::to_chars(buf.data(), buf.data() + buf.size(), n, 16).ptr;
  return std::string(buf.data(), end);
}

// True when an Accept-Encoding header value accepts gzip (RFC 9110 §12.5.3: a "gzip" coding
// without q=0).
bool AcceptsGzip(std::string_view accept_encoding) {
  while (!accept_encoding.empty()) {
    const size_t comma = accept_encoding.find(',');
    std::string_view item = accept_encoding.substr(0, comma);
    accept_encoding = comma == std::string_view::npos ? "" : accept_encoding.substr(comma + 1);
    std::string lower(item);
    std::erase(lower, ' ');
    std::ranges::transform(lower, lower.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const size_t semi = lower.find(';');
    const std::string coding = lower.substr(0, semi);
    if (coding != "gzip" && coding != "x-gzip") continue;
    if (semi == std::string::npos) return true;
    const std::string params = lower.substr(semi + 1);
    return !(params.starts_with("q=0") && params.find_first_not_of("q=0.") == std::string::npos);
  }
  return false;
}

// `file` is what is sent (the .gz sibling when `gzip`); `name` the requested file, which gives
// the content type.
Response ServeFile(const fs::path& file, const fs::path& name, uintmax_t size, bool immutable,
                   std::string_view if_none_match, bool gzip, bool has_gzip) {
  std::error_code ec;
  const auto mtime = fs::last_write_time(file, ec);
  if (ec) return NotFound();
  const std::string etag = "\"" + Hex(size) + "-" +
                           Hex(static_cast<uintmax_t>(mtime.time_since_epoch().count())) +
                           (gzip ? "-gz" : "") + "\"";

  Response r;
  r.content_type = std::string(ContentTypeForPath(name.filename().native()));
  r.SetHeader("ETag", etag);
  r.SetHeader("Cache-Control", immutable ? kImmutable : kRevalidate);
  if (has_gzip) r.SetHeader("Vary", "Accept-Encoding");
  if (gzip) r.SetHeader("Content-Encoding", "gzip");
  AddSecurityHeaders(r, /*html=*/true);
  if (EtagMatches(if_none_match, etag)) {
    r.status = 304;
    return r;
  }

  std::ifstream in(file, std::ios::binary);
  if (in.is_open()) r.body.assign(std::istreambuf_iterator<char>(in), {});
  if (!in.is_open() || in.bad()) {
    spdlog::warn("static file {} could not be read", file.native());
    return NotFound();
  }
  return r;
}

}  // namespace

SecurityHeaderList SecurityHeaders(bool html) {
  return {{
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", kReferrerPolicy},
      {"X-Frame-Options", "DENY"},
      {"Content-Security-Policy", html ? kAppContentSecurityPolicy : kDataContentSecurityPolicy},
  }};
}

void AddSecurityHeaders(Response& response, bool html) {
  for (const auto& [name, value] : SecurityHeaders(html)) {
    std::erase_if(response.headers, [&header = name](const auto& h) {
      return std::ranges::equal(h.first, header, [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) ==
               std::tolower(static_cast<unsigned char>(b));
      });
    });
    response.SetHeader(std::string(name), std::string(value));
  }
}

std::string_view ContentTypeForPath(std::string_view file_name) {
  const size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos || file_name.find('/', dot) != std::string_view::npos) {
    return "application/octet-stream";
  }
  std::string ext(file_name.substr(dot + 1));
  std::ranges::transform(ext, ext.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& t : kContentTypes) {
    if (t.extension == ext) return t.content_type;
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(std::string root_dir) {
  std::error_code ec;
  root_ = fs::canonical(root_dir, ec);
  available_ = !ec && fs::is_regular_file(root_ / kIndexFile, ec) && !ec;
  if (!available_) spdlog::info("no web app at {}: serving the API only", root_dir);
}

std::optional<Response> StaticFiles::Serve(std::string_view decoded_path,
                                           std::string_view if_none_match,
                                           std::string_view accept_encoding) const {
  if (!available_ || IsApiPath(decoded_path)) return std::nullopt;
  if (!IsSafePath(decoded_path)) return NotFound();

  // Resolve symlinks (of the existing part of the path) and require the result to stay inside
  // the root, whether or not the file exists, so that nothing outside can be probed.
  std::error_code ec;
  const fs::path resolved = fs::weakly_canonical(root_ / decoded_path.substr(1), ec);
  if (ec) return NotFound();
  if (std::mismatch(root_.begin(), root_.end(), resolved.begin(), resolved.end()).first !=
      root_.end()) {
    return NotFound();
  }

  const fs::file_status st = fs::status(resolved, ec);
  if (!ec && fs::is_regular_file(st)) {
    const uintmax_t size = fs::file_size(resolved, ec);
    if (ec) return NotFound();
    if (size > kMaxFileBytes) {
      spdlog::warn("static file {} is over the size limit; not served", resolved.native());
      return NotFound();
    }
    const bool immutable = decoded_path.starts_with(kAssetsPrefix);
    // A precompressed sibling (web/scripts/compress.mjs writes NAME.gz beside each large file)
    // goes to clients that accept gzip; it lies in the same directory, so inside the root.
    fs::path gz = resolved;
    gz += ".gz";
    const bool has_gzip = fs::is_regular_file(gz, ec) && !ec;
    if (has_gzip && AcceptsGzip(accept_encoding)) {
      const uintmax_t gz_size = fs::file_size(gz, ec);
      if (!ec && gz_size <= kMaxFileBytes) {
        return ServeFile(gz, resolved, gz_size, immutable, if_none_match, true, true);
      }
    }
    return ServeFile(resolved, resolved, size, immutable, if_none_match, false, has_gzip);
  }
  if (HasExtension(decoded_path)) return NotFound();

  // A web app route (history mode): the app's index.html renders it.
  const fs::path index = root_ / kIndexFile;
  const uintmax_t size = fs::file_size(index, ec);
  if (ec || size > kMaxFileBytes) return NotFound();
  return ServeFile(index, index, size, /*immutable=*/false, if_none_match, false, false);
}

}  // namespace sg::http
