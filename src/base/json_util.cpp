#include "base/json_util.h"

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>

namespace sg {

boost::json::value ParseJsonBody(std::string_view body, bool require_object) {
  boost::json::parse_options opts;
  opts.max_depth = 32;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec, {}, opts);
  if (ec) {
    // Boost.JSON validates UTF-8 while parsing and reports it as a syntax error, so the
    // message names both causes.
    throw ApiError(ErrorCode::kInvalidJson, "请求体不是合法的 JSON（或含有无效的 UTF-8 字符）：" +
                                                ec.message() + "。请检查格式后重试");
  }
  if (require_object && !v.is_object()) {
    throw ApiError(ErrorCode::kInvalidJson, "请求体应为 JSON 对象");
  }
  return v;
}

std::string JoinPath(std::string_view base, std::string_view key) {
  if (base.empty()) return std::string(key);
  std::string out(base);
  out.push_back('.');
  out.append(key);
  return out;
}

ObjectReader::ObjectReader(const boost::json::object& obj, std::string path)
    : obj_(obj), path_(std::move(path)) {}

bool ObjectReader::Has(std::string_view key) const { return obj_.contains(key); }

bool ObjectReader::IsNull(std::string_view key) const {
  auto it = obj_.find(key);
  return it != obj_.end() && it->value().is_null();
}

const boost::json::value* ObjectReader::Take(std::string_view key) {
  auto it = obj_.find(key);
  if (it == obj_.end()) return nullptr;
  taken_.emplace(key);
  if (it->value().is_null()) return nullptr;
  return &it->value();
}

const boost::json::value* ObjectReader::Raw(std::string_view key) {
  auto it = obj_.find(key);
  if (it == obj_.end()) return nullptr;
  taken_.emplace(key);
  return &it->value();
}

std::optional<std::string> ObjectReader::OptString(std::string_view key, size_t max_len) {
  const auto* v = Take(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) ThrowInvalidField(FieldPath(key), "应为字符串");
  std::string s(v->get_string());
  if (s.size() > max_len) {
    ThrowInvalidField(FieldPath(key), "过长，最多 " + std::to_string(max_len) + " 字节");
  }
  return s;
}

std::string ObjectReader::ReqString(std::string_view key, size_t max_len) {
  auto s = OptString(key, max_len);
  if (!s || s->empty()) ThrowInvalidField(FieldPath(key), "必填，不能为空");
  return *s;
}

std::optional<int64_t> ObjectReader::OptInt(std::string_view key, int64_t min, int64_t max) {
  const auto* v = Take(key);
  if (!v) return std::nullopt;
  int64_t n = 0;
  if (v->is_int64()) {
    n = v->get_int64();
  } else if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    n = static_cast<int64_t>(v->get_uint64());
  } else {
    ThrowInvalidField(FieldPath(key), "应为整数");
  }
  if (n < min || n > max) {
    ThrowInvalidField(FieldPath(key),
                      "超出范围 " + std::to_string(min) + "–" + std::to_string(max));
  }
  return n;
}

int64_t ObjectReader::ReqInt(std::string_view key, int64_t min, int64_t max) {
  auto n = OptInt(key, min, max);
  if (!n) ThrowInvalidField(FieldPath(key), "必填");
  return *n;
}

std::optional<bool> ObjectReader::OptBool(std::string_view key) {
  const auto* v = Take(key);
  if (!v) return std::nullopt;
  if (!v->is_bool()) ThrowInvalidField(FieldPath(key), "应为 true 或 false");
  return v->get_bool();
}

std::optional<Date> ObjectReader::OptDate(std::string_view key) {
  auto s = OptString(key, 32);
  if (!s) return std::nullopt;
  auto d = Date::Parse(*s);
  if (!d) ThrowInvalidField(FieldPath(key), "应为有效日期，格式 YYYY-MM-DD");
  return d;
}

Date ObjectReader::ReqDate(std::string_view key) {
  auto d = OptDate(key);
  if (!d) ThrowInvalidField(FieldPath(key), "必填，格式 YYYY-MM-DD");
  return *d;
}

std::optional<std::string> ObjectReader::OptEnum(std::string_view key,
                                                 const std::vector<std::string>& allowed) {
  auto s = OptString(key, 64);
  if (!s) return std::nullopt;
  for (const auto& a : allowed) {
    if (a == *s) return s;
  }
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  ThrowInvalidField(FieldPath(key), "取值无效，应为以下之一：" + list);
}

std::string ObjectReader::ReqEnum(std::string_view key, const std::vector<std::string>& allowed) {
  auto s = OptEnum(key, allowed);
  if (!s) ThrowInvalidField(FieldPath(key), "必填");
  return *s;
}

std::optional<std::vector<std::string>> ObjectReader::OptStringArray(std::string_view key,
                                                                     size_t max_items,
                                                                     size_t max_len) {
  const auto* v = Take(key);
  if (!v) return std::nullopt;
  if (!v->is_array()) ThrowInvalidField(FieldPath(key), "应为字符串数组");
  const auto& arr = v->get_array();
  if (arr.size() > max_items) {
    ThrowInvalidField(FieldPath(key), "最多 " + std::to_string(max_items) + " 项");
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < arr.size(); ++i) {
    const std::string p = FieldPath(key) + "[" + std::to_string(i) + "]";
    if (!arr[i].is_string()) ThrowInvalidField(p, "应为字符串");
    if (arr[i].get_string().size() > max_len || arr[i].get_string().empty()) {
      ThrowInvalidField(p, "长度应为 1–" + std::to_string(max_len) + " 字节");
    }
    out.emplace_back(arr[i].get_string());
  }
  return out;
}

std::optional<std::vector<int64_t>> ObjectReader::OptIntArray(std::string_view key,
                                                              size_t max_items) {
  const auto* v = Take(key);
  if (!v) return std::nullopt;
  if (!v->is_array()) ThrowInvalidField(FieldPath(key), "应为整数数组");
  const auto& arr = v->get_array();
  if (arr.size() > max_items) {
    ThrowInvalidField(FieldPath(key), "最多 " + std::to_string(max_items) + " 项");
  }
  std::vector<int64_t> out;
  for (size_t i = 0; i < arr.size(); ++i) {
    if (!arr[i].is_int64() && !arr[i].is_uint64()) {
      ThrowInvalidField(FieldPath(key) + "[" + std::to_string(i) + "]", "应为整数");
    }
    out.push_back(arr[i].to_number<int64_t>());
  }
  return out;
}

void ObjectReader::Finish() const {
  for (const auto& kv : obj_) {
    if (!taken_.contains(kv.key())) {
      throw ApiError(ErrorCode::kUnknownField,
                     "不认识的字段“" + std::string(kv.key()) + "”，请删除后重试",
                     FieldPath(kv.key()));
    }
  }
}

}  // namespace sg
