// A WHERE clause built from optional filters: the conditions joined with AND, and their bound
// values in the order the placeholders appear. Every value is bound, never spliced into the text.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "store/db.h"

namespace sg::store {

// "?, ?, ?" for n values, for an IN list whose values are bound.
inline std::string Placeholders(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s;
}

class Conditions {
 public:
  // A condition without placeholders.
  void Add(std::string cond) { conds_.push_back(std::move(cond)); }
  // A condition with one placeholder and its value.
  void Add(std::string cond, Param value) {
    conds_.push_back(std::move(cond));
    params_.push_back(std::move(value));
  }
  // A condition with any number of placeholders; nothing when `cond` is empty.
  void Add(const std::string& cond, const std::vector<Param>& values) {
    if (cond.empty()) return;
    conds_.push_back(cond);
    params_.insert(params_.end(), values.begin(), values.end());
  }
  // Every condition of `other`, with its values, after these.
  void Add(const Conditions& other) {
    conds_.insert(conds_.end(), other.conds_.begin(), other.conds_.end());
    params_.insert(params_.end(), other.params_.begin(), other.params_.end());
  }
  // A value for a placeholder of the last condition added.
  void AddParam(Param value) { params_.push_back(std::move(value)); }
  // " WHERE a AND b", or "" without conditions.
  std::string Where() const {
    std::string w;
    for (const auto& c : conds_) w += (w.empty() ? " WHERE " : " AND ") + c;
    return w;
  }
  const std::vector<Param>& params() const { return params_; }
  bool empty() const { return conds_.empty(); }
  size_t size() const { return conds_.size(); }

 private:
  std::vector<std::string> conds_;
  std::vector<Param> params_;
};

}  // namespace sg::store
