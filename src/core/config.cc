#include "core/config.h"

#include <cstdlib>
#include <filesystem>
#include <set>

#include <toml++/toml.h>

namespace nrm {

std::string Config::EffectiveStoreUrl() const {
  if (!store_url.empty()) return store_url;
  return "sqlite:" + (std::filesystem::path(data_dir) / "nrm.db").string();
}

std::string Config::EffectiveMasterKeyFile() const {
  if (!master_key_file.empty()) return master_key_file;
  return (std::filesystem::path(data_dir) / "master.key").string();
}

namespace {

template <class T>
Status ReadInt(const char* name, const std::string& text, T& out, long lo, long hi) {
  char* end = nullptr;
  const long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v < lo || v > hi) {
    return Fail(ErrorCode::kInvalidArgument, std::string("configuration ") + name + " must be an integer in [" +
                                                 std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  out = static_cast<T>(v);
  return {};
}

Status ReadBool(const char* name, const std::string& text, bool& out) {
  if (text == "true" || text == "1") {
    out = true;
    return {};
  }
  if (text == "false" || text == "0") {
    out = false;
    return {};
  }
  return Fail(ErrorCode::kInvalidArgument, std::string("configuration ") + name + " must be true or false");
}

// One table of settings so that file keys, environment names and validation
// cannot drift apart.
Status Apply(Config& c, const std::string& key, const std::string& value) {
  if (key == "data_dir") {
    c.data_dir = value;
    return {};
  }
  if (key == "store_url") {
    c.store_url = value;
    return {};
  }
  if (key == "master_key_file") {
    c.master_key_file = value;
    return {};
  }
  if (key == "listen_address") {
    c.listen_address = value;
    return {};
  }
  if (key == "web_root") {
    c.web_root = value;
    return {};
  }
  if (key == "port") return ReadInt("port", value, c.port, 0, 65535);
  if (key == "threads") return ReadInt("threads", value, c.threads, 0, 256);
  if (key == "behind_tls") return ReadBool("behind_tls", value, c.behind_tls);
  if (key == "access_log") return ReadBool("access_log", value, c.access_log);
  if (key == "session_idle_minutes") return ReadInt(key.c_str(), value, c.session_idle_minutes, 1, 24 * 60);
  if (key == "session_absolute_hours") return ReadInt(key.c_str(), value, c.session_absolute_hours, 1, 24 * 7);
  if (key == "login_max_failures") return ReadInt(key.c_str(), value, c.login_max_failures, 1, 100);
  if (key == "login_lockout_minutes") return ReadInt(key.c_str(), value, c.login_lockout_minutes, 1, 24 * 60);
  if (key == "login_ip_per_minute") return ReadInt(key.c_str(), value, c.login_ip_per_minute, 1, 100000);
  if (key == "max_connections_per_address")
    return ReadInt(key.c_str(), value, c.max_connections_per_address, 1, 100000);
  if (key == "request_timeout_seconds") return ReadInt(key.c_str(), value, c.request_timeout_seconds, 1, 3600);
  if (key == "alert_identity_reads") return ReadInt(key.c_str(), value, c.alert_identity_reads, 1, 1000000);
  if (key == "alert_refusals") return ReadInt(key.c_str(), value, c.alert_refusals, 1, 1000000);
  if (key == "alert_outside_searches") return ReadInt(key.c_str(), value, c.alert_outside_searches, 1, 1000000);
  if (key == "alert_duplicate_checks") return ReadInt(key.c_str(), value, c.alert_duplicate_checks, 1, 1000000);
  if (key == "alert_window_minutes") return ReadInt(key.c_str(), value, c.alert_window_minutes, 1, 24 * 60);
  if (key == "break_glass_hours") return ReadInt(key.c_str(), value, c.break_glass_hours, 1, 72);
  if (key == "audit_checkpoint_minutes") return ReadInt(key.c_str(), value, c.audit_checkpoint_minutes, 1, 24 * 60);
  if (key == "referral_ack_minutes") return ReadInt(key.c_str(), value, c.referral_ack_minutes, 1, 24 * 60);
  if (key == "referral_decision_hours") return ReadInt(key.c_str(), value, c.referral_decision_hours, 1, 24 * 14);
  if (key == "smtp_url") {
    c.smtp_url = value;
    return {};
  }
  if (key == "smtp_from") {
    c.smtp_from = value;
    return {};
  }
  if (key == "smtp_user") {
    c.smtp_user = value;
    return {};
  }
  if (key == "public_url") {
    c.public_url = value;
    return {};
  }
  if (key == "coordinator_approves_info_requests")
    return ReadBool(key.c_str(), value, c.coordinator_approves_info_requests);
  return Fail(ErrorCode::kInvalidArgument, "unknown configuration key: " + key);
}

const char* kKeys[] = {"data_dir",
                       "store_url",
                       "master_key_file",
                       "listen_address",
                       "web_root",
                       "port",
                       "threads",
                       "behind_tls",
                       "access_log",
                       "session_idle_minutes",
                       "session_absolute_hours",
                       "login_max_failures",
                       "login_lockout_minutes",
                       "login_ip_per_minute",
                       "max_connections_per_address",
                       "request_timeout_seconds",
                       "alert_identity_reads",
                       "alert_refusals",
                       "alert_outside_searches",
                       "alert_duplicate_checks",
                       "alert_window_minutes",
                       "break_glass_hours",
                       "coordinator_approves_info_requests",
                       "audit_checkpoint_minutes",
                       "referral_ack_minutes",
                       "referral_decision_hours",
                       "smtp_url",
                       "smtp_from",
                       "smtp_user",
                       "public_url"};

}  // namespace

Status LoadConfig(const std::string& path, Config& config) {
  if (!path.empty()) {
    toml::table tbl;
    try {
      tbl = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
      return Fail(ErrorCode::kInvalidArgument,
                  "cannot read configuration file " + path + ": " + std::string(e.description()));
    }
    for (const auto& [k, node] : tbl) {
      std::string value;
      if (auto s = node.value<std::string>())
        value = *s;
      else if (auto i = node.value<int64_t>())
        value = std::to_string(*i);
      else if (auto b = node.value<bool>())
        value = *b ? "true" : "false";
      else
        return Fail(ErrorCode::kInvalidArgument,
                    "configuration key " + std::string(k.str()) + " has an unsupported type");
      if (auto st = Apply(config, std::string(k.str()), value); !st) return st;
    }
  }
  for (const char* key : kKeys) {
    std::string env = "NRM_";
    for (const char* p = key; *p; ++p) env += static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
    if (const char* v = std::getenv(env.c_str())) {
      if (auto st = Apply(config, key, v); !st) return st;
    }
  }
  return {};
}

}  // namespace nrm
