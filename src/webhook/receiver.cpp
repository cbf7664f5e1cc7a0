#include "webhook/receiver.h"

#include <boost/json.hpp>
#include <cctype>

#include "base/civil_time.h"

namespace sg::webhook {
namespace {

namespace json = boost::json;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

http::PlainResponse Receiver::Handle(const http::PlainRequest& req, std::string* line) {
  line->clear();
  if (req.method != "POST") {
    return {405, "application/json; charset=utf-8", R"({"error":"POST a webhook delivery"})"};
  }
  const int64_t n = ++received_;
  const TimestampMs now = clock_.Now();
  const std::string ts = req.Header(Lower(kTimestampHeader));
  const std::string signature = req.Header(Lower(kSignatureHeader));
  const std::string key = req.Header(Lower(kIdempotencyHeader));
  const Verdict verdict =
      Verify(options_.secret, ts, signature, req.body, now / 1000, options_.tolerance_seconds);
  http::PlainResponse res;
  if (n <= options_.fail_first) {
    res.status = 500;
    res.body = R"json({"error":"simulated failure (--fail-first)"})json";
  } else if (verdict != Verdict::kValid) {
    res.status = 401;
    res.body = json::serialize(json::object{{"error", VerdictCode(verdict)}});
  } else {
    res.body = R"({"received":true})";
  }
  boost::system::error_code ec;
  json::value body = json::parse(req.body, ec);
  if (ec) body = req.body;  // not JSON: shown as a string
  *line = json::serialize(json::object{
      {"n", n},
      {"received_at", FormatTimestamp(now)},
      {"timestamp", ts},
      {"idempotency_key", key},
      {"signature", signature},
      {"verification", VerdictCode(verdict)},
      {"answered", res.status},
      {"body", std::move(body)},
  });
  return res;
}

}  // namespace sg::webhook
