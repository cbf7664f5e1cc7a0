// The demo's random source: std::mt19937_64 (whose output sequence the standard fixes) with our
// own range and pick functions. std::uniform_int_distribution and friends are implementation-
// defined, so using them would make the same seed give different data on another library.
#pragma once

#include <array>
#include <cstdint>
#include <locale>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/civil_time.h"
#include "base/uuid.h"

namespace sg::demo {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}

  uint64_t Next() { return engine_(); }

  // The stream's position as text (the engine's standard textual representation), and back:
  // a stepped demo stores it with each committed chunk and continues from it in the next step.
  std::string State() const {
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out << engine_;
    return out.str();
  }
  // Throws std::runtime_error when `state` is not a State() of this engine.
  void SetState(const std::string& state) {
    std::istringstream in(state);
    in.imbue(std::locale::classic());
    std::mt19937_64 e;
    in >> e;
    if (in.fail()) throw std::runtime_error("demo: a stored random stream state does not parse");
    engine_ = e;
  }

  // Uniform in [lo, hi], both inclusive. Rejection sampling keeps it unbiased.
  int64_t Range(int64_t lo, int64_t hi) {
    const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
    if (span == 0) return static_cast<int64_t>(Next());  // the full 64-bit range
    const uint64_t limit = UINT64_MAX - UINT64_MAX % span;
    uint64_t x = Next();
    while (x >= limit) x = Next();
    return lo + static_cast<int64_t>(x % span);
  }
  // True with probability percent / 100 (fractions allowed, e.g. 2.5).
  bool Percent(double percent) {
    return static_cast<double>(Next() >> 11) * 0x1.0p-53 * 100.0 < percent;
  }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Range(0, static_cast<int64_t>(items.size()) - 1))];
  }
  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& items) {
    return items[static_cast<size_t>(Range(0, static_cast<int64_t>(N) - 1))];
  }
  // An index drawn with the given (non-negative, not all zero) integer weights.
  template <typename W>
  size_t Weighted(const W& weights) {
    int64_t total = 0;
    for (auto w : weights) total += w;
    int64_t r = Range(0, total - 1);
    size_t i = 0;
    for (auto w : weights) {
      if (r < w) return i;
      r -= w;
      ++i;
    }
    return i - 1;
  }

  // A UUIDv7 for a record created at `ms`, with random bits from this stream.
  std::string Uuid(TimestampMs ms) {
    std::array<uint8_t, 10> bytes{};
    const uint64_t a = Next();
    const uint64_t b = Next();
    for (int i = 0; i < 8; ++i) bytes[static_cast<size_t>(i)] = static_cast<uint8_t>(a >> (8 * i));
    bytes[8] = static_cast<uint8_t>(b);
    bytes[9] = static_cast<uint8_t>(b >> 8);
    return MakeUuidV7(ms, bytes);
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace sg::demo
