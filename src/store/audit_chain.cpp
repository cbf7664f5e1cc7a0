#include "store/audit_chain.h"

#include <sodium.h>

#include <array>
#include <boost/json/parse.hpp>
#include <stdexcept>

namespace sg::store {
namespace {

// The string escaping of the canonical text. Kept here rather than shared with base/json_text.h:
// a change to a general-purpose JSON writer must never change what the chain hashes.
void AppendCanonicalString(std::string& out, std::string_view v) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char ch : v) {
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default: {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(ch);
        }
      }
    }
  }
  out.push_back('"');
}

void AppendInt(std::string& out, const std::optional<int64_t>& v) {
  out += v ? std::to_string(*v) : "null";
}

void AppendText(std::string& out, const std::optional<std::string>& v) {
  if (v) {
    AppendCanonicalString(out, *v);
  } else {
    out += "null";
  }
}

bool OneOf(std::string_view v, std::initializer_list<std::string_view> allowed) {
  for (auto a : allowed) {
    if (v == a) return true;
  }
  return false;
}

}  // namespace

void CheckAuditRecord(const AuditRecord& r) {
  if (!OneOf(r.actor_type, {"user", "token", "system", "anonymous"})) {
    throw std::invalid_argument("audit entry: bad actor_type '" + r.actor_type + "'");
  }
  if (!OneOf(r.outcome, {"success", "failure"})) {
    throw std::invalid_argument("audit entry: bad outcome '" + r.outcome + "'");
  }
  if (r.action.empty()) throw std::invalid_argument("audit entry: empty action");
  if (r.detail) {
    boost::system::error_code ec;
    boost::json::parse(*r.detail, ec);
    if (ec) throw std::invalid_argument("audit entry: detail is not JSON: " + ec.message());
  }
}

std::string AuditCanonicalText(int64_t id, const AuditRecord& r) {
  std::string out;
  out.reserve(128 + r.detail.value_or("").size());
  out.push_back('[');
  out += std::to_string(id);
  out.push_back(',');
  out += std::to_string(r.at);
  out.push_back(',');
  AppendCanonicalString(out, r.actor_type);
  out.push_back(',');
  AppendInt(out, r.actor_id);
  out.push_back(',');
  AppendText(out, r.actor_name);
  out.push_back(',');
  AppendInt(out, r.agency_id);
  out.push_back(',');
  AppendText(out, r.ip);
  out.push_back(',');
  AppendCanonicalString(out, r.action);
  out.push_back(',');
  AppendText(out, r.entity);
  out.push_back(',');
  AppendInt(out, r.entity_id);
  out.push_back(',');
  AppendCanonicalString(out, r.outcome);
  out.push_back(',');
  AppendText(out, r.detail);
  out.push_back(']');
  return out;
}

std::string AuditHash(std::string_view prev_hash_hex, std::string_view canonical) {
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  const auto update = [&state](std::string_view bytes) {
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(bytes.data()),
                              bytes.size());
  };
  update(prev_hash_hex);
  update("\n");
  update(canonical);
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256_final(&state, digest.data());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), crypto_hash_sha256_BYTES * 2);
}

}  // namespace sg::store
