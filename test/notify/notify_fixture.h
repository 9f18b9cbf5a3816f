// A store with agencies and users for the notify tests (both backends), and a
// local SMTP sink (test/notify/smtp_sink.py) on loopback.
#pragma once

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>

#include "crypto/password.h"
#include "directory/service.h"
#include "notify/service.h"
#include "store/store_fixture.h"

namespace nrm::notify::testing {

inline constexpr const char* kAgencies = R"({"agencies": [
  {"code": "spu", "kind": "police_unit", "parent": null, "name": {"az": "XPQ", "en": "Special Police Unit", "ru": "СПП"}},
  {"code": "border", "kind": "state_service", "parent": null, "name": {"az": "DSX", "en": "State Border Service", "ru": "ГПС"}}
]})";

class NotifyTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    crypto::SetPasswordHashCostForTests(true);
    ASSERT_TRUE(db_->Migrate());
    directory_ = std::make_unique<directory::Directory>(*db_, clock_, directory::SessionPolicy{});
    ASSERT_TRUE(directory_->ImportAgencies(kAgencies));
    inbox_ = std::make_unique<Inbox>(*db_, clock_);
  }

  std::string AddUser(const std::string& name, const std::string& role, const std::string& agency,
                      std::optional<std::string> email = std::nullopt) {
    directory::NewUser nu{name, "Display " + name, agency, {role}, "Correct-horse-battery-9", email};
    auto u = directory_->CreateUser(nullptr, nu);
    EXPECT_TRUE(u) << (u ? "" : u.error().message);
    return u ? u->user.id : "";
  }

  std::string AgencyId(const std::string& code) {
    auto a = directory_->FindAgency(code);
    EXPECT_TRUE(a);
    return a ? a->id : "";
  }

  Status NotifyCommitted(const std::vector<std::string>& users, const Notice& n) {
    auto tx = db_->Begin(store::TxMode::kWrite);
    if (!tx) return tl::unexpected(tx.error());
    if (auto s = inbox_->Notify(**tx, users, n); !s) return s;
    return (*tx)->Commit();
  }

  ManualClock clock_{1'800'000'000'000};
  std::unique_ptr<directory::Directory> directory_;
  std::unique_ptr<Inbox> inbox_;
};

// A loopback port with nothing listening on it (bound, read, closed).
inline int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

inline std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The sink as a child process; stopped (by its pid) when destroyed.
class SmtpSink {
 public:
  explicit SmtpSink(int port = 0) {
    dir_ = std::filesystem::temp_directory_path() / ("nrm-smtp-" + store::testing::RandomSuffix());
    std::filesystem::create_directories(dir_);
    const char* src = std::getenv("NRM_SOURCE_DIR");
    const std::string script = std::string(src ? src : ".") + "/test/notify/smtp_sink.py";
    const std::string port_text = std::to_string(port);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::execl("/usr/bin/python3", "python3", script.c_str(), dir_.c_str(), port_text.c_str(), nullptr);
      ::_exit(127);
    }
    for (int i = 0; i < 100 && !std::filesystem::exists(dir_ / "port"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    port_ = std::filesystem::exists(dir_ / "port") ? std::stoi(ReadFile(dir_ / "port")) : 0;
  }
  ~SmtpSink() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  // Decoded messages (N.txt), in arrival order.
  std::vector<std::string> Messages() const {
    std::vector<std::string> out;
    for (int i = 1; std::filesystem::exists(dir_ / (std::to_string(i) + ".txt")); ++i)
      out.push_back(ReadFile(dir_ / (std::to_string(i) + ".txt")));
    return out;
  }
  std::string Raw(int n) const { return ReadFile(dir_ / (std::to_string(n) + ".eml")); }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace nrm::notify::testing
