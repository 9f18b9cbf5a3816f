#include "core/metrics.h"

#include <charconv>
#include <cmath>

namespace nrm {

namespace {

// Label value escaping of the text format: backslash, double quote, newline.
std::string Escape(const std::string& v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string Label(const char* name, const std::string& value) {
  return std::string(name) + "=\"" + Escape(value) + "\"";
}

std::string Number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

}  // namespace

const std::vector<double>& Metrics::Bounds() {
  static const std::vector<double> bounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return bounds;
}

void Metrics::CountRequest(const std::string& route, const std::string& method, int status) {
  const std::string key =
      Label("route", route) + "," + Label("method", method) + "," + Label("status", std::to_string(status));
  std::lock_guard lock(mu_);
  ++requests_[key];
}

void Metrics::Observe(std::map<std::string, Histogram>& h, const std::string& key, double seconds) {
  if (!(seconds >= 0)) seconds = 0;  // also catches NaN
  const auto& bounds = Bounds();
  std::lock_guard lock(mu_);
  Histogram& hist = h[key];
  if (hist.buckets.empty()) hist.buckets.assign(bounds.size(), 0);
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (seconds <= bounds[i]) {
      ++hist.buckets[i];
      break;
    }
  }
  ++hist.count;
  hist.sum += seconds;
}

void Metrics::ObserveLatency(const std::string& route, double seconds) {
  Observe(latency_, Label("route", route), seconds);
}

void Metrics::ObserveStore(const std::string& backend, const std::string& op, double seconds) {
  Observe(store_, Label("backend", backend) + "," + Label("op", op), seconds);
}

std::string Metrics::Render() const {
  const auto& bounds = Bounds();
  std::string out;
  auto histograms = [&](const char* name, const char* help, const std::map<std::string, Histogram>& map) {
    out += std::string("# HELP ") + name + " " + help + "\n";
    out += std::string("# TYPE ") + name + " histogram\n";
    for (const auto& [labels, h] : map) {
      uint64_t cumulative = 0;
      for (size_t i = 0; i < bounds.size(); ++i) {
        cumulative += i < h.buckets.size() ? h.buckets[i] : 0;
        out += std::string(name) + "_bucket{" + labels + ",le=\"" + Number(bounds[i]) + "\"} " +
               std::to_string(cumulative) + "\n";
      }
      out += std::string(name) + "_bucket{" + labels + ",le=\"+Inf\"} " + std::to_string(h.count) + "\n";
      out += std::string(name) + "_sum{" + labels + "} " + Number(h.sum) + "\n";
      out += std::string(name) + "_count{" + labels + "} " + std::to_string(h.count) + "\n";
    }
  };

  std::lock_guard lock(mu_);
  out += "# HELP http_requests_total HTTP requests served, by route pattern, method and status.\n";
  out += "# TYPE http_requests_total counter\n";
  for (const auto& [labels, n] : requests_) out += "http_requests_total{" + labels + "} " + std::to_string(n) + "\n";
  histograms("http_request_duration_seconds", "Time from request header to response written, by route pattern.",
             latency_);
  out += "# HELP http_open_connections Open HTTP connections.\n";
  out += "# TYPE http_open_connections gauge\n";
  out += "http_open_connections " + std::to_string(open_connections_.load()) + "\n";
  histograms("store_operation_duration_seconds", "Store operation time, by backend and operation.", store_);
  return out;
}

}  // namespace nrm
