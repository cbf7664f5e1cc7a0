// The typed errors that end a request. One place (http/errors) turns them into the JSON body of
// shared/API.md: {"error": {"code", "message", "field"}}. `message` is Chinese and says what was
// wrong and what to do; `field` is a JSON path such as `parties[0].id_number`, or empty.
#pragma once

#include <stdexcept>
#include <string>

namespace sg {

enum class ErrorCode {
  kInvalidJson,           // 400
  kInvalidField,          // 400
  kUnknownField,          // 400
  kUnauthenticated,       // 401
  kForbidden,             // 403
  kNotFound,              // 404
  kMethodNotAllowed,      // 405
  kConflict,              // 409
  kPreconditionFailed,    // 412
  kPayloadTooLarge,       // 413
  kUnsupportedMediaType,  // 415
  kUnprocessable,         // 422
  kPreconditionRequired,  // 428
  kRateLimited,           // 429
  kInternal,              // 500
  kUnavailable,           // 503
};

// The wire code ("invalid_field") and HTTP status of an error code.
const char* ErrorCodeName(ErrorCode code);
int ErrorHttpStatus(ErrorCode code);

class ApiError : public std::runtime_error {
 public:
  ApiError(ErrorCode code, std::string message, std::string field = {})
      : std::runtime_error(message),
        code_(code),
        message_(std::move(message)),
        field_(std::move(field)) {}
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }

 private:
  ErrorCode code_;
  std::string message_;
  std::string field_;
};

// Shorthands for the common cases.
[[noreturn]] inline void ThrowInvalidField(std::string field, std::string message) {
  throw ApiError(ErrorCode::kInvalidField, std::move(message), std::move(field));
}
[[noreturn]] inline void ThrowNotFound(std::string message) {
  throw ApiError(ErrorCode::kNotFound, std::move(message));
}
[[noreturn]] inline void ThrowConflict(std::string message, std::string field = {}) {
  throw ApiError(ErrorCode::kConflict, std::move(message), std::move(field));
}

}  // namespace sg
