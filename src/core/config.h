// Runtime configuration. Sources, later ones winning: built-in defaults, a
// TOML file (`--config`), `NRM_*` environment variables, command-line flags.
// Secrets (the master key) are never stored in this struct's printable form.
//
// Thread-safety: a Config is built once at start and then read-only.
#pragma once

#include <cstdint>
#include <string>

#include "core/error.h"

namespace nrm {

struct Config {
  std::string data_dir = "nrm-data";  // SQLite file, key files, demo credentials
  std::string store_url;              // "" = SQLite in data_dir; "postgresql://..." = PostgreSQL
  std::string master_key_file;        // "" = <data_dir>/master.key; env NRM_MASTER_KEY (the key itself) wins
  std::string listen_address = "127.0.0.1";
  uint16_t port = 8080;
  int threads = 0;          // 0 = number of cores
  std::string web_root;     // built SPA (web/dist); "" = no UI
  bool behind_tls = false;  // Secure cookies and HSTS (TLS ends at the front proxy)
  int session_idle_minutes = 30;
  int session_absolute_hours = 12;
  int login_max_failures = 5;  // failures before the account locks
  int login_lockout_minutes = 15;
  int login_ip_per_minute = 30;  // attempts per client address per minute
  int max_connections_per_address = 64;
  int request_timeout_seconds = 30;
  bool access_log = true;
  // Need-to-know oversight.
  int alert_identity_reads = 50;    // identity reads by one user per window
  int alert_refusals = 5;           // refused reads by one user per window
  int alert_outside_searches = 10;  // searches hitting others' records per window
  int alert_duplicate_checks = 20;  // person duplicate checks by one user per window
  int alert_window_minutes = 10;
  int break_glass_hours = 4;  // emergency access lasts this long
  bool coordinator_approves_info_requests = true;
  int audit_checkpoint_minutes = 10;  // signed audit checkpoints while serving
  // Referral SLA: the SPU acknowledges within this many minutes and
  // decides on the handover within this many hours (the Cabinet's 24 h rule).
  int referral_ack_minutes = 60;
  int referral_decision_hours = 24;
  // E-mail: "" = no e-mail, the in-app inbox only. smtp_url is a
  // libcurl URL, "smtp://host:port" or "smtps://host:port"; the password comes
  // from NRM_SMTP_PASSWORD only, never from the file.
  std::string smtp_url;
  std::string smtp_from = "opennrm@localhost";
  std::string smtp_user;
  // The address users reach the UI at, for links in e-mail ("https://nrm.example.gov.az").
  std::string public_url = "http://127.0.0.1:8080";

  // "sqlite:<path>" or the PostgreSQL URL: what Database::Open takes.
  std::string EffectiveStoreUrl() const;
  // The master key file to read (crypto/keyring.h): master_key_file, or
  // <data_dir>/master.key when that is empty.
  std::string EffectiveMasterKeyFile() const;
};

// Applies a TOML file (if `path` is non-empty) and then NRM_* environment
// variables over `config`. Unknown keys are errors, so typos do not pass
// silently.
Status LoadConfig(const std::string& path, Config& config);

}  // namespace nrm
