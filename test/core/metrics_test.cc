#include "core/metrics.h"

#include <cmath>
#include <sstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace nrm {
namespace {

bool HasLine(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l))
    if (l == line) return true;
  return false;
}

TEST(Metrics, EmptyRegistryHasHelpAndType) {
  Metrics m;
  const std::string t = m.Render();
  EXPECT_TRUE(HasLine(t, "# TYPE http_requests_total counter")) << t;
  EXPECT_TRUE(HasLine(t, "# TYPE http_request_duration_seconds histogram")) << t;
  EXPECT_TRUE(HasLine(t, "# TYPE http_open_connections gauge")) << t;
  EXPECT_TRUE(HasLine(t, "# TYPE store_operation_duration_seconds histogram")) << t;
  EXPECT_TRUE(HasLine(t, "http_open_connections 0")) << t;
  EXPECT_NE(t.find("# HELP http_requests_total "), std::string::npos);
  EXPECT_EQ(t.back(), '\n');
}

TEST(Metrics, CountsRequestsByLabels) {
  Metrics m;
  m.CountRequest("/healthz", "GET", 200);
  m.CountRequest("/healthz", "GET", 200);
  m.CountRequest("/api/v1/users/{id}", "GET", 404);
  const std::string t = m.Render();
  EXPECT_TRUE(HasLine(t, "http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 2")) << t;
  EXPECT_TRUE(HasLine(t, "http_requests_total{route=\"/api/v1/users/{id}\",method=\"GET\",status=\"404\"} 1")) << t;
}

TEST(Metrics, HistogramBucketsAreCumulative) {
  Metrics m;
  m.ObserveLatency("/x", 0.0005);  // <= 0.001
  m.ObserveLatency("/x", 0.003);   // <= 0.005
  m.ObserveLatency("/x", 0.2);     // <= 0.25
  m.ObserveLatency("/x", 60);      // only +Inf
  const std::string t = m.Render();
  const std::string b = "http_request_duration_seconds_bucket{route=\"/x\",";
  EXPECT_TRUE(HasLine(t, b + "le=\"0.001\"} 1")) << t;
  EXPECT_TRUE(HasLine(t, b + "le=\"0.0025\"} 1")) << t;
  EXPECT_TRUE(HasLine(t, b + "le=\"0.005\"} 2")) << t;
  EXPECT_TRUE(HasLine(t, b + "le=\"0.1\"} 2")) << t;
  EXPECT_TRUE(HasLine(t, b + "le=\"0.25\"} 3")) << t;
  EXPECT_TRUE(HasLine(t, b + "le=\"10\"} 3")) << t;
  EXPECT_TRUE(HasLine(t, b + "le=\"+Inf\"} 4")) << t;
  EXPECT_TRUE(HasLine(t, "http_request_duration_seconds_count{route=\"/x\"} 4")) << t;
  EXPECT_TRUE(HasLine(t, "http_request_duration_seconds_sum{route=\"/x\"} 60.2035")) << t;
}

TEST(Metrics, StoreHistogramAndGauge) {
  Metrics m;
  m.ObserveStore("sqlite", "query", 0.002);
  m.ConnectionOpened();
  m.ConnectionOpened();
  m.ConnectionClosed();
  EXPECT_EQ(m.open_connections(), 1);
  const std::string t = m.Render();
  EXPECT_TRUE(HasLine(t, "store_operation_duration_seconds_count{backend=\"sqlite\",op=\"query\"} 1")) << t;
  EXPECT_TRUE(HasLine(t, "store_operation_duration_seconds_bucket{backend=\"sqlite\",op=\"query\",le=\"+Inf\"} 1"))
      << t;
  EXPECT_TRUE(HasLine(t, "http_open_connections 1")) << t;
}

TEST(Metrics, EscapesLabelValues) {
  Metrics m;
  m.CountRequest("a\"b\\c\nd", "GET", 200);
  const std::string t = m.Render();
  EXPECT_TRUE(HasLine(t, "http_requests_total{route=\"a\\\"b\\\\c\\nd\",method=\"GET\",status=\"200\"} 1")) << t;
}

TEST(Metrics, NegativeAndNanObservationsAreClamped) {
  Metrics m;
  m.ObserveLatency("/n", -1);
  m.ObserveLatency("/n", std::nan(""));
  const std::string t = m.Render();
  EXPECT_TRUE(HasLine(t, "http_request_duration_seconds_sum{route=\"/n\"} 0")) << t;
  EXPECT_TRUE(HasLine(t, "http_request_duration_seconds_bucket{route=\"/n\",le=\"0.001\"} 2")) << t;
}

TEST(Metrics, ConcurrentUse) {
  Metrics m;
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&m] {
      for (int j = 0; j < 1000; ++j) {
        m.CountRequest("/c", "GET", 200);
        m.ObserveLatency("/c", 0.001);
        if (j % 100 == 0) (void)m.Render();
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_TRUE(HasLine(m.Render(), "http_requests_total{route=\"/c\",method=\"GET\",status=\"200\"} 4000"));
}

}  // namespace
}  // namespace nrm
