#include "http/message.h"

#include <spdlog/spdlog.h>
#include <boost/json/serialize.hpp>

#include "core/text_normalize.h"
#include "store/db.h"

namespace sg::http {

std::string_view Request::Header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return v;
  }
  return {};
}

const auth::Principal& Request::Caller() const {
  if (!principal) throw ApiError(ErrorCode::kUnauthenticated, "请先登录");
  return *principal;
}

auth::Actor Request::Actor() const {
  Caller();
  return {principal, remote_ip};
}

Params Request::QueryParams() const {
  auto p = Params::Parse(query);
  if (!p) ThrowInvalidField("query", "查询参数中有无效的百分号编码");
  // Every value reaches SQL and error messages as text: it must be UTF-8 (RFC 3629).
  for (const auto& [name, value] : p->items()) {
    if (!core::IsValidUtf8(name)) ThrowInvalidField("query", "查询参数名不是有效的 UTF-8 文本");
    if (!core::IsValidUtf8(value)) ThrowInvalidField(name, "参数值不是有效的 UTF-8 文本");
  }
  return std::move(*p);
}

void Response::SetHeader(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
}

Response Json(int status, const boost::json::value& v) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(v);
  return r;
}

Response Error(const ApiError& e) {
  boost::json::object err{{"code", ErrorCodeName(e.code())}, {"message", e.message()}};
  if (!e.field().empty()) err["field"] = e.field();
  Response r = Json(ErrorHttpStatus(e.code()), boost::json::object{{"error", std::move(err)}});
  if (e.code() == ErrorCode::kRateLimited) r.SetHeader("Retry-After", "1");
  return r;
}

Response ErrorFromException(std::exception_ptr e) {
  try {
    std::rethrow_exception(std::move(e));
  } catch (const ApiError& err) {
    return Error(err);
  } catch (const store::DbError& err) {
    if (err.constraint()) {
      spdlog::warn("constraint violation: {}", err.what());
      return Error(
          ApiError(ErrorCode::kConflict, "与已有记录冲突（重复或关联无效），请检查后重试"));
    }
    if (err.retryable()) {
      spdlog::warn("database busy: {}", err.what());
      return Error(ApiError(ErrorCode::kUnavailable, "系统繁忙，请稍后重试"));
    }
    spdlog::error("database error: {}", err.what());
  } catch (const std::exception& err) {
    spdlog::error("internal error: {}", err.what());
  } catch (...) {
    spdlog::error("internal error of unknown type");
  }
  return Error(ApiError(ErrorCode::kInternal, "服务器内部错误，请稍后重试或联系管理员"));
}

}  // namespace sg::http
