// Prometheus text of the service's counters: requests by route and status class, latency, rows.
#include "metrics.hpp"

#include <fmt/format.h>

namespace bareme::serve {

const char* route_name(Route route) {
  static constexpr const char* names[] = {"evaluate", "explain", "missing", "score",   "schemes",
                                          "scheme",   "openapi", "health",  "metrics", "document", "ui", "other"};
  return names[static_cast<size_t>(route)];
}

void Metrics::record(Route route, int status, double seconds) {
  auto& r = routes_[static_cast<size_t>(route)];
  const size_t cls = status >= 100 && status < 600 ? static_cast<size_t>(status / 100 - 1) : 4;
  r.by_class[cls].fetch_add(1, std::memory_order_relaxed);
  size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  r.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  r.count.fetch_add(1, std::memory_order_relaxed);
  r.micros.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

std::string Metrics::prometheus(size_t in_flight, size_t schemes, size_t load_errors) const {
  std::string out;
  out += fmt::format(
      "# HELP bareme_requests_total Requests handled, by route and status class.\n"
      "# TYPE bareme_requests_total counter\n");
  for (size_t i = 0; i < kRoutes; ++i)
    for (size_t c = 0; c < kClasses; ++c)
      if (auto n = routes_[i].by_class[c].load())
        out += fmt::format("bareme_requests_total{{route=\"{}\",code=\"{}xx\"}} {}\n",
                           route_name(Route(i)), c + 1, n);
  out += fmt::format(
      "# HELP bareme_errors_total Requests answered with a 4xx or 5xx status.\n# TYPE "
      "bareme_errors_total counter\n");
  for (size_t i = 0; i < kRoutes; ++i)
    out += fmt::format("bareme_errors_total{{route=\"{}\"}} {}\n", route_name(Route(i)),
                       routes_[i].by_class[3].load() + routes_[i].by_class[4].load());
  out += fmt::format(
      "# HELP bareme_request_duration_seconds Time from routing to the handler's end.\n"
      "# TYPE bareme_request_duration_seconds histogram\n");
  for (size_t i = 0; i < kRoutes; ++i) {
    const auto& r = routes_[i];
    if (r.count.load() == 0) continue;
    uint64_t cumulative = 0;
    for (size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += r.buckets[b].load();
      out += fmt::format("bareme_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                         route_name(Route(i)), kBuckets[b], cumulative);
    }
    cumulative += r.buckets[kBuckets.size()].load();
    out += fmt::format("bareme_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                       route_name(Route(i)), cumulative);
    out += fmt::format("bareme_request_duration_seconds_sum{{route=\"{}\"}} {}\n",
                       route_name(Route(i)), r.micros.load() / 1e6);
    out += fmt::format("bareme_request_duration_seconds_count{{route=\"{}\"}} {}\n",
                       route_name(Route(i)), r.count.load());
  }
  out += fmt::format(
      "# HELP bareme_rows_scored_total Rows scored by /score.\n# TYPE bareme_rows_scored_total "
      "counter\n"
      "bareme_rows_scored_total {}\n",
      rows_scored_.load());
  out += fmt::format(
      "# HELP bareme_reloads_total Reloads of the folder.\n# TYPE bareme_reloads_total counter\n"
      "bareme_reloads_total {}\n",
      reloads_.load());
  out += fmt::format(
      "# HELP bareme_requests_in_flight Requests being handled.\n# TYPE bareme_requests_in_flight "
      "gauge\n"
      "bareme_requests_in_flight {}\n",
      in_flight);
  out += fmt::format(
      "# HELP bareme_schemes Schemes served.\n# TYPE bareme_schemes gauge\nbareme_schemes {}\n",
      schemes);
  out += fmt::format(
      "# HELP bareme_load_errors Files of the folder that do not compile.\n# TYPE "
      "bareme_load_errors gauge\n"
      "bareme_load_errors {}\n",
      load_errors);
  return out;
}

}  // namespace bareme::serve
