#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <thread>

#include <CLI/CLI.hpp>

#include "app/application.h"
#include "audit/keyring_signer.h"
#include "cli/commands.h"
#include "http/server.h"
#include "notify/outbox.h"
#include "notify/smtp.h"

namespace nrm::cli {

void AddServe(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("serve", "Serve the API and the web UI");
  auto opts = std::make_shared<CommonOptions>();
  auto flags = std::make_shared<Config>();
  auto port = std::make_shared<int>(-1);
  auto port_file = std::make_shared<std::string>();
  auto address = std::make_shared<std::string>();
  auto web_root = std::make_shared<std::string>();
  auto threads = std::make_shared<int>(-1);
  AddCommonOptions(*cmd, *opts);
  cmd->add_option("--port", *port, "TCP port (0 picks a free one) [NRM_PORT, default 8080]");
  cmd->add_option("--address", *address, "listen address [NRM_LISTEN_ADDRESS, default 127.0.0.1]");
  cmd->add_option("--web-root", *web_root, "directory of the built web UI [NRM_WEB_ROOT]");
  cmd->add_option("--threads", *threads, "server threads (0 = cores) [NRM_THREADS]");
  cmd->add_option("--port-file", *port_file, "write the bound port to this file once listening");
  cmd->callback([&run, opts, port, port_file, address, web_root, threads] {
    run = [opts, port, port_file, address, web_root, threads] {
      auto config = ResolveConfig(*opts);
      if (!config) return Fail(config.error());
      if (*port >= 0) {
        if (*port > 65535) return Fail(Error::Of(ErrorCode::kInvalidArgument, "--port must be 0..65535"));
        config->port = static_cast<uint16_t>(*port);
      }
      if (!address->empty()) config->listen_address = *address;
      if (!web_root->empty()) config->web_root = *web_root;
      if (*threads >= 0) config->threads = *threads;
      if (!config->web_root.empty()) {
        std::ifstream index(config->web_root + "/index.html");
        if (!index)
          return Fail(Error::Of(ErrorCode::kInvalidArgument,
                                "web root " + config->web_root + " has no index.html; build the UI (make build)"));
      }

      // Signals are taken by a dedicated thread so the server threads never
      // see them.
      sigset_t set;
      sigemptyset(&set);
      sigaddset(&set, SIGINT);
      sigaddset(&set, SIGTERM);
      pthread_sigmask(SIG_BLOCK, &set, nullptr);

      auto application = OpenApplication(*config);
      if (!application) return Fail(application.error());
      auto& a = **application;
      http::Router router;
      a.RegisterRoutes(router);
      http::ServerOptions so;
      so.address = config->listen_address;
      so.port = config->port;
      so.threads = config->threads > 0 ? config->threads : static_cast<int>(std::thread::hardware_concurrency());
      if (so.threads < 1) so.threads = 1;
      so.request_timeout_seconds = config->request_timeout_seconds;
      so.max_connections_per_address = config->max_connections_per_address;
      so.behind_tls = config->behind_tls;
      so.access_log = config->access_log;
      http::Server server(so, router, a.metrics());
      if (auto s = server.Listen(); !s) return Fail(s.error());
      if (!port_file->empty()) {
        std::ofstream pf(*port_file + ".tmp");
        pf << server.port() << "\n";
        pf.close();
        std::rename((*port_file + ".tmp").c_str(), port_file->c_str());
      }
      std::fprintf(stderr, "{\"msg\":\"listening\",\"address\":\"%s\",\"port\":%u,\"threads\":%d}\n",
                   so.address.c_str(), server.port(), so.threads);
      // Signed checkpoints of the audit log at a fixed interval, so that a
      // rewrite of old entries is caught by `nrm audit verify`.
      std::mutex stop_mu;
      std::condition_variable stop_cv;
      bool stopping = false;
      // One at start-up too: whatever earlier runs appended (a crashed run
      // never wrote its closing checkpoint) is signed before new entries
      // arrive, so crashes do not widen the unsigned window. A log that no
      // longer verifies is not signed; serve starts and says so.
      {
        audit::KeyringSigner signer(a.keyring());
        if (auto c = a.audit().WriteCheckpoint(signer); !c) {
          std::fprintf(stderr, "{\"msg\":\"audit checkpoint at start-up failed\",\"error\":\"%s\"}\n",
                       c.error().message.c_str());
        } else {
          std::fprintf(stderr, "{\"msg\":\"audit checkpoint\",\"id\":%lld,\"entries\":%lld}\n",
                       static_cast<long long>(c->id), static_cast<long long>(c->tree_size));
        }
      }
      std::thread checkpoints([&] {
        audit::KeyringSigner signer(a.keyring());
        std::unique_lock lock(stop_mu);
        while (
            !stop_cv.wait_for(lock, std::chrono::minutes(config->audit_checkpoint_minutes), [&] { return stopping; })) {
          lock.unlock();
          if (auto c = a.audit().WriteCheckpoint(signer); !c)
            std::fprintf(stderr, "{\"msg\":\"audit checkpoint failed\",\"error\":\"%s\"}\n", c.error().message.c_str());
          lock.lock();
        }
        lock.unlock();
        // Seal what this run appended (a clean stop).
        if (auto c = a.audit().WriteCheckpoint(signer); !c)
          std::fprintf(stderr, "{\"msg\":\"audit checkpoint at shutdown failed\",\"error\":\"%s\"}\n",
                       c.error().message.c_str());
      });
      // E-mail sender (issue 4, notify/outbox.h): drains the outbox that
      // Inbox::Notify() fills, every few seconds, while serving. Off when
      // smtp_url is empty (the in-app inbox only). Logs counts, never an
      // address or a message.
      std::thread mailer([&] {
        if (config->smtp_url.empty()) return;
        const char* password = std::getenv("NRM_SMTP_PASSWORD");
        notify::SmtpTransport transport(
            notify::SmtpSettings{config->smtp_url, config->smtp_user, password ? password : ""});
        notify::MailOutbox outbox(a.database(), SystemClock::Instance(), transport,
                                  notify::OutboxSettings{config->smtp_from, config->public_url});
        std::unique_lock lock(stop_mu);
        do {
          lock.unlock();
          auto r = outbox.DrainOnce();
          if (!r)
            std::fprintf(stderr, "{\"msg\":\"mail outbox failed\",\"error\":\"%s\"}\n", r.error().message.c_str());
          else if (r->sent + r->failed + r->dropped > 0)
            std::fprintf(stderr, "{\"msg\":\"mail outbox\",\"sent\":%d,\"failed\":%d,\"dropped\":%d}\n", r->sent,
                         r->failed, r->dropped);
          lock.lock();
        } while (!stop_cv.wait_for(lock, std::chrono::seconds(3), [&] { return stopping; }));
      });
      // ---- referral (issue 4): the SLA sweep ----
      // Once a minute, overdue referral acknowledgements and decisions are
      // escalated to the SPU supervisors and the Coordinator's office. Safe
      // with several processes: each stage is marked (and notified) once.
      std::thread referral_sweep([&] {
        std::unique_lock lock(stop_mu);
        while (!stop_cv.wait_for(lock, std::chrono::minutes(1), [&] { return stopping; })) {
          lock.unlock();
          if (auto n = a.referrals().EscalateOverdue(SystemClock::Instance().NowMillis()); !n)
            std::fprintf(stderr, "{\"msg\":\"referral sweep failed\",\"error\":\"%s\"}\n", n.error().message.c_str());
          lock.lock();
        }
      });
      // ---- end of referral (issue 4) block ----
      // ---- plan (issue 5): the reminder sweep ----
      // Every five minutes, report reminders to the agencies' focal points
      // and overdue/silent flags to the Coordinator's office (PlanService::
      // RemindAndFlag). Safe with several processes: each reminder is marked
      // (and sent) once. Logs counts only.
      std::thread plan_sweep([&] {
        std::unique_lock lock(stop_mu);
        while (!stop_cv.wait_for(lock, std::chrono::minutes(5), [&] { return stopping; })) {
          lock.unlock();
          auto n = a.plans().RemindAndFlag(a.inbox(), SystemClock::Instance().NowMillis());
          if (!n)
            std::fprintf(stderr, "{\"msg\":\"plan sweep failed\",\"error\":\"%s\"}\n", n.error().message.c_str());
          else if (n->report_due + n->task_overdue + n->agency_silent > 0)
            std::fprintf(stderr,
                         "{\"msg\":\"plan sweep\",\"report_due\":%d,\"task_overdue\":%d,\"agency_silent\":%d}\n",
                         n->report_due, n->task_overdue, n->agency_silent);
          lock.lock();
        }
      });
      // ---- end of plan (issue 5) block ----
      std::thread signals([&server, set] {
        int sig = 0;
        sigwait(&set, &sig);
        server.Stop();
      });
      server.Run();
      {
        std::lock_guard lock(stop_mu);
        stopping = true;
      }
      stop_cv.notify_all();
      checkpoints.join();
      referral_sweep.join();  // referral (issue 4)
      plan_sweep.join();      // plan (issue 5)
      mailer.join();
      // Run returned (stopped by a signal); wake the signal thread if Run
      // ended some other way.
      pthread_kill(signals.native_handle(), SIGTERM);
      signals.join();
      std::fprintf(stderr, "{\"msg\":\"stopped\"}\n");
      return 0;
    };
  });
}

}  // namespace nrm::cli
