// Counters of the service, written as Prometheus text on GET /metrics.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace bareme::serve {

// The endpoints counted apart.
enum class Route {
  evaluate,
  explain,
  missing,
  score,
  schemes,
  scheme,
  openapi,
  health,
  metrics,
  document,
  ui,
  other,
  count
};
const char* route_name(Route route);

class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                      0.01,   0.025,   0.05,   0.1,   0.5,    2.5};
  void record(Route route, int status, double seconds);
  void add_rows(uint64_t rows) { rows_scored_.fetch_add(rows, std::memory_order_relaxed); }
  void add_reload(bool ok) {
    (ok ? reloads_ : reload_failures_).fetch_add(1, std::memory_order_relaxed);
  }
  std::string prometheus(size_t in_flight, size_t schemes, size_t load_errors) const;

 private:
  static constexpr size_t kRoutes = static_cast<size_t>(Route::count);
  static constexpr size_t kClasses = 5;  // 1xx..5xx
  struct PerRoute {
    std::array<std::atomic<uint64_t>, kClasses> by_class{};
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<uint64_t> count{0}, micros{0};
  };
  std::array<PerRoute, kRoutes> routes_;
  std::atomic<uint64_t> rows_scored_{0}, reloads_{0}, reload_failures_{0};
};

}  // namespace bareme::serve
