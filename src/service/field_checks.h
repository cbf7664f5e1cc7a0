// Checks of single request fields shared by the write operations. Each throws ApiError
// (400 invalid_field) naming `field`.
#pragma once

#include <optional>
#include <string>

#include "base/civil_time.h"
#include "base/errors.h"

namespace sg::svc {

// An administrative division code (行政区划代码, GB/T 2260): six digits. Absent is fine.
inline void CheckAreaCode(const std::optional<std::string>& area, const std::string& field) {
  if (area && (area->size() != 6 || area->find_first_not_of("0123456789") != std::string::npos)) {
    ThrowInvalidField(field, "行政区划代码应为 6 位数字");
  }
}

// Acts are recorded on or before the day they happen, never ahead of it.
inline void CheckNotFuture(const Date& d, const Date& today, const std::string& field) {
  if (d > today) ThrowInvalidField(field, "日期不能晚于今天（" + today.ToString() + "）");
}

}  // namespace sg::svc
