// Process metrics in the Prometheus text exposition format (version 0.0.4).
//
// Counters and histograms are keyed by a metric name and a small, fixed label
// set. Label values must never carry personal data or tokens: routes are
// recorded by their pattern ("/api/v1/users/{id}"), never by the raw path.
//
// Thread-safety: every method is safe to call concurrently.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace nrm {

class Metrics {
 public:
  // http_requests_total{route,method,status}
  void CountRequest(const std::string& route, const std::string& method, int status);
  // http_request_duration_seconds histogram{route}
  void ObserveLatency(const std::string& route, double seconds);
  // http_open_connections gauge
  void ConnectionOpened() { ++open_connections_; }
  void ConnectionClosed() { --open_connections_; }
  int64_t open_connections() const { return open_connections_.load(); }
  // store_operation_duration_seconds histogram{backend,op}; op is "query",
  // "exec", "commit", "begin".
  void ObserveStore(const std::string& backend, const std::string& op, double seconds);

  // The whole registry as Prometheus text.
  std::string Render() const;

 private:
  struct Histogram {
    std::vector<uint64_t> buckets;  // cumulative counts are computed at render
    uint64_t count = 0;
    double sum = 0;
  };
  static const std::vector<double>& Bounds();
  void Observe(std::map<std::string, Histogram>& h, const std::string& key, double seconds);

  // State below is protected by mu_.
  mutable std::mutex mu_;
  std::map<std::string, uint64_t> requests_;  // GUARDED_BY(mu_): rendered label set -> count
  std::map<std::string, Histogram> latency_;  // GUARDED_BY(mu_): rendered label set -> histogram
  std::map<std::string, Histogram> store_;    // GUARDED_BY(mu_)

  // Lock-free: a gauge updated from every connection.
  std::atomic<int64_t> open_connections_{0};
};

}  // namespace nrm
