// Serving the built web app (Vite's `dist/` directory) beside the API, and the security headers
// every response carries.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace sg::http {

// The Content-Security-Policy of the web app. Scripts, fonts, images and fetches come only from
// this origin; images may also be data:/blob: URLs (icons, generated previews). Styles allow
// 'unsafe-inline' because Element Plus positions popovers, dialogs and tables through inline
// style attributes and injected <style> elements; scripts stay strictly 'self'.
inline constexpr std::string_view kAppContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
// The policy of API data (JSON): if such a response is ever opened as a document, nothing in it
// may load or run.
inline constexpr std::string_view kDataContentSecurityPolicy =
    "default-src 'none'; frame-ancestors 'none'";

// Sets X-Content-Type-Options, Referrer-Policy, X-Frame-Options and Content-Security-Policy,
// replacing any earlier values of those headers (so calling it twice is harmless). `html` is true
// for the web app's pages and the files they load (kAppContentSecurityPolicy), false for API data
// (kDataContentSecurityPolicy).
void AddSecurityHeaders(Response& response, bool html);
// The same headers as name/value pairs of static text, for the server to set without copies.
using SecurityHeaderList = std::array<std::pair<std::string_view, std::string_view>, 4>;
SecurityHeaderList SecurityHeaders(bool html);

// The Content-Type for a file name by its extension (case-insensitive); text types carry
// "; charset=utf-8"; unknown extensions are application/octet-stream.
std::string_view ContentTypeForPath(std::string_view file_name);

// Thread-safe (const, no state after construction).
class StaticFiles {
 public:
  static constexpr std::uintmax_t kMaxFileBytes = 20 * 1024 * 1024;

  // `root_dir` is the built app, holding index.html. It is resolved once, here: if it does not
  // exist or has no index.html, the server runs without a web app and available() is false.
  explicit StaticFiles(std::string root_dir);

  bool available() const { return available_; }

  // Answers a GET or HEAD of `decoded_path` (already percent-decoded by the server; nothing
  // further is decoded here). For HEAD the caller sends the headers and drops the body.
  //
  // Returns nullopt when there is no web app, or for paths that belong to the API and the
  // server itself (/api and /api/…, /healthz, /metrics): the caller routes those. Otherwise:
  // - a path that is not absolute, contains "//", a backslash, a NUL or control byte, or a
  //   segment starting with '.' ("..", ".", dotfiles), or that resolves (through symlinks)
  //   outside the root, answers 404 JSON, exactly as a missing file does;
  // - an existing file answers 200 with its content type, an ETag from its size and mtime, and
  //   Cache-Control: "public, max-age=31536000, immutable" under /assets/ (Vite's hashed names),
  //   "no-cache" elsewhere (index.html and the few unhashed files revalidate by ETag);
  // - `if_none_match` (the If-None-Match header, may be empty) matching the ETag answers 304
  //   with an empty body;
  // - a missing path whose last segment has no extension answers index.html (the web app's
  //   history-mode routes); a missing path with an extension answers 404;
  // - files larger than kMaxFileBytes answer 404;
  // - a file with a precompressed sibling FILE.gz answers that sibling's bytes with
  //   Content-Encoding: gzip when `accept_encoding` (the Accept-Encoding header, may be empty)
  //   accepts gzip, and carries Vary: Accept-Encoding either way; its ETag differs from the
  //   plain file's.
  // Every response carries AddSecurityHeaders.
  std::optional<Response> Serve(std::string_view decoded_path, std::string_view if_none_match,
                                std::string_view accept_encoding = {}) const;

 private:
  std::filesystem::path root_;  // canonical
  bool available_ = false;
};

}  // namespace sg::http
