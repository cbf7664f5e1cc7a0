// `shenguan webhook-receiver`: a receiver for trying webhooks without writing code. It verifies
// each delivery's signature and timestamp (signature.h) against the secret it was given and the
// injectable clock, answers 200 when both are right and 401 when not, and prints one JSON line
// per delivery: when it came, the timestamp, idempotency key and signature headers, the verdict,
// the status it answered, and the body. For tests it can fail the first N deliveries with 500.
// Not thread-safe: one PlainServer thread calls Handle.
#pragma once

#include <cstdint>
#include <string>

#include "base/clock.h"
#include "http/plain_http.h"
#include "webhook/signature.h"

namespace sg::webhook {

struct ReceiverOptions {
  std::string secret;
  int64_t fail_first = 0;  // answer 500 to the first N POSTs, whatever they carry
  int64_t tolerance_seconds = kTimestampToleranceSeconds;
};

class Receiver {
 public:
  Receiver(ReceiverOptions options, const Clock& clock)
      : options_(std::move(options)), clock_(clock) {}
  // Answers one request; sets *line to the JSON line to print (empty for what is not a POST).
  http::PlainResponse Handle(const http::PlainRequest& req, std::string* line);

 private:
  ReceiverOptions options_;
  const Clock& clock_;
  int64_t received_ = 0;
};

}  // namespace sg::webhook
