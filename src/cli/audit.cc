// `nrm audit verify | checkpoint | export-checkpoints`.
//
// verify: recomputes every leaf hash, entry MAC and checkpoint root
// (audit/verify.h);
// exit 0 with "audit log intact: N entries, M checkpoints", or exit 1 with
// the first problem. Checkpoints must be signed by the keyring's audit key
// unless --trusted-key names another; --checkpoints FILE also checks a file
// written earlier by export-checkpoints (say, one another agency kept).
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>

#include "app/application.h"
#include "audit/checkpoint.h"
#include "audit/keyring_signer.h"
#include "audit/log.h"
#include "audit/merkle.h"
#include "audit/signer.h"
#include "audit/verify.h"
#include "cli/commands.h"
#include "crypto/keyring.h"
#include "crypto/signing.h"

namespace nrm::cli {
namespace {

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return nrm::Fail(ErrorCode::kInvalidArgument, "cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

void AddAudit(CLI::App& app, Runner& run) {
  auto* audit = app.add_subcommand("audit", "Check and checkpoint the tamper-evident audit log");
  audit->require_subcommand(1);

  {
    auto* cmd = audit->add_subcommand("verify", "Recompute every hash and checkpoint; name the first bad entry");
    auto opts = std::make_shared<CommonOptions>();
    auto trusted_hex = std::make_shared<std::string>();
    auto checkpoints_file = std::make_shared<std::string>();
    auto all = std::make_shared<bool>(false);
    AddCommonOptions(*cmd, *opts);
    cmd->add_option("--trusted-key", *trusted_hex,
                    "hex Ed25519 public key checkpoints must be signed with (default: this installation's key)");
    cmd->add_option("--checkpoints", *checkpoints_file, "a file from export-checkpoints to check the log against");
    cmd->add_flag("--all", *all, "list every problem found, not only the first");
    cmd->callback([&run, opts, trusted_hex, checkpoints_file, all] {
      run = [opts, trusted_hex, checkpoints_file, all] {
        auto config = ResolveConfig(*opts);
        if (!config) return Fail(config.error());
        std::vector<audit::Checkpoint> external;
        if (!checkpoints_file->empty()) {
          auto text = ReadWholeFile(*checkpoints_file);
          if (!text) return Fail(text.error());
          auto parsed = audit::ParseCheckpointsJson(*text);
          if (!parsed) return Fail(parsed.error());
          external = std::move(*parsed);
        }
        std::vector<uint8_t> trusted;
        if (!trusted_hex->empty()) {
          auto key = audit::BytesFromHex(*trusted_hex);
          if (!key || key->size() != 32) {
            return Fail(Error::Of(ErrorCode::kInvalidArgument, "--trusted-key must be 64 hex digits"));
          }
          trusted = std::move(*key);
        }
        auto a = OpenApplication(*config);
        if (!a) return Fail(a.error());
        if (trusted.empty()) {
          auto pk = (*a)->keyring().AuditPublicKey();
          trusted.assign(pk.begin(), pk.end());
        }
        audit::VerifyOptions o;
        o.trusted_public_key = &trusted;
        o.entry_key = &(*a)->audit().entry_key();
        if (!checkpoints_file->empty()) o.external_checkpoints = &external;
        auto report = audit::Verify((*a)->database(), o);
        if (!report) {
          // Say what the store said (SQL and driver text, never values),
          // not only "database error".
          const Error& e = report.error();
          std::string what = e.internal.empty() ? e.message : e.message + ": " + e.internal;
          return Fail(Error::Of(e.code, "the audit log cannot be read (" + what +
                                            "); if the store is damaged, restore it from a backup (nrm restore)"));
        }
        if (report->ok()) {
          std::printf("%s\n", report->Summary().c_str());
          return 0;
        }
        if (*all) {
          for (const auto& p : report->problems) std::printf("%s\n", p.message.c_str());
        }
        return Fail(Error::Of(ErrorCode::kInternal, "audit log check failed: " + report->Summary()));
      };
    });
  }
  {
    auto* cmd = audit->add_subcommand("checkpoint", "Sign the current Merkle root of the audit log and store it");
    auto opts = std::make_shared<CommonOptions>();
    AddCommonOptions(*cmd, *opts);
    cmd->callback([&run, opts] {
      run = [opts] {
        auto config = ResolveConfig(*opts);
        if (!config) return Fail(config.error());
        auto a = OpenApplication(*config);
        if (!a) return Fail(a.error());
        audit::KeyringSigner signer((*a)->keyring());
        auto cp = (*a)->audit().WriteCheckpoint(signer);
        if (!cp) return Fail(cp.error());
        std::printf("checkpoint %lld: %lld entries, root %s, key %s\n", static_cast<long long>(cp->id),
                    static_cast<long long>(cp->tree_size), audit::ToHex(cp->root_hash).c_str(), cp->key_id.c_str());
        return 0;
      };
    });
  }
  {
    auto* cmd = audit->add_subcommand("export-checkpoints", "Write every signed checkpoint as JSON");
    auto opts = std::make_shared<CommonOptions>();
    auto output = std::make_shared<std::string>();
    AddCommonOptions(*cmd, *opts);
    cmd->add_option("--output", *output, "file to write (default: standard output)");
    cmd->callback([&run, opts, output] {
      run = [opts, output] {
        auto config = ResolveConfig(*opts);
        if (!config) return Fail(config.error());
        auto a = OpenApplication(*config);
        if (!a) return Fail(a.error());
        auto json = (*a)->audit().ExportCheckpoints();
        if (!json) return Fail(json.error());
        if (output->empty()) {
          std::printf("%s\n", json->c_str());
          return 0;
        }
        std::ofstream out(*output, std::ios::binary | std::ios::trunc);
        out << *json << "\n";
        out.close();
        if (!out) return Fail(Error::Of(ErrorCode::kInvalidArgument, "cannot write " + *output));
        return 0;
      };
    });
  }
}

}  // namespace nrm::cli
