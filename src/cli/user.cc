#include <cstdio>

#include <CLI/CLI.hpp>

#include "app/application.h"
#include "cli/commands.h"
#include "crypto/totp.h"

namespace nrm::cli {

void AddUser(CLI::App& app, Runner& run) {
  auto* user = app.add_subcommand("user", "Manage user accounts");
  user->require_subcommand(1);

  {
    auto* cmd = user->add_subcommand("add", "Create a user");
    auto opts = std::make_shared<CommonOptions>();
    auto nu = std::make_shared<directory::NewUser>();
    auto password_file = std::make_shared<std::string>();
    AddCommonOptions(*cmd, *opts);
    cmd->add_option("--username", nu->username, "lower-case login name")->required();
    cmd->add_option("--display-name", nu->display_name, "name shown in the UI")->required();
    cmd->add_option("--agency", nu->agency_id, "agency code or id")->required();
    cmd->add_option("--role", nu->roles, "role code (repeatable)")->required();
    cmd->add_option("--password-file", *password_file, "file whose first line is the password")->required();
    cmd->callback([&run, opts, nu, password_file] {
      run = [opts, nu, password_file] {
        auto config = ResolveConfig(*opts);
        if (!config) return Fail(config.error());
        auto pw = ReadSecretFile(*password_file);
        if (!pw) return Fail(pw.error());
        auto a = OpenApplication(*config);
        if (!a) return Fail(a.error());
        directory::NewUser in = *nu;
        in.password = *pw;
        auto created = (*a)->directory().CreateUser(nullptr, in);
        if (!created) return Fail(created.error());
        std::printf("created user %s (%s)\n", created->user.username.c_str(), created->user.id.c_str());
        if (created->totp_secret)
          std::printf("TOTP secret (shown once): %s\n%s\n", created->totp_secret->c_str(),
                      crypto::TotpUri("OpenNRM", in.username, *created->totp_secret).c_str());
        return 0;
      };
    });
  }
  {
    auto* cmd = user->add_subcommand("list", "List users");
    auto opts = std::make_shared<CommonOptions>();
    AddCommonOptions(*cmd, *opts);
    cmd->callback([&run, opts] {
      run = [opts] {
        auto config = ResolveConfig(*opts);
        if (!config) return Fail(config.error());
        auto a = OpenApplication(*config);
        if (!a) return Fail(a.error());
        auto users = (*a)->directory().ListUsers();
        if (!users) return Fail(users.error());
        std::printf("%-24s %-9s %-5s %s\n", "USERNAME", "STATE", "TOTP", "ROLES");
        for (const auto& u : *users) {
          std::string roles;
          for (const auto& r : u.roles) roles += (roles.empty() ? "" : ",") + r;
          std::printf("%-24s %-9s %-5s %s\n", u.username.c_str(), u.disabled ? "disabled" : "active",
                      u.totp_enabled ? "yes" : "no", roles.c_str());
        }
        return 0;
      };
    });
  }
  {
    auto* cmd = user->add_subcommand("disable", "Disable a user (ends their sessions)");
    auto opts = std::make_shared<CommonOptions>();
    auto username = std::make_shared<std::string>();
    AddCommonOptions(*cmd, *opts);
    cmd->add_option("--username", *username, "user to disable")->required();
    cmd->callback([&run, opts, username] {
      run = [opts, username] {
        auto config = ResolveConfig(*opts);
        if (!config) return Fail(config.error());
        auto a = OpenApplication(*config);
        if (!a) return Fail(a.error());
        auto u = (*a)->directory().FindUserByName(*username);
        if (!u) return Fail(u.error());
        directory::UserPatch patch;
        patch.version = u->version;
        patch.disabled = true;
        auto r = (*a)->directory().UpdateUser(nullptr, u->id, patch);
        if (!r) return Fail(r.error());
        std::printf("disabled %s\n", username->c_str());
        return 0;
      };
    });
  }
  {
    auto* cmd = user->add_subcommand("reset-password", "Set a new password (ends the user's sessions)");
    auto opts = std::make_shared<CommonOptions>();
    auto username = std::make_shared<std::string>();
    auto password_file = std::make_shared<std::string>();
    auto totp = std::make_shared<bool>(false);
    AddCommonOptions(*cmd, *opts);
    cmd->add_option("--username", *username, "user")->required();
    cmd->add_option("--password-file", *password_file, "file whose first line is the new password")->required();
    cmd->add_flag("--reset-totp", *totp, "also issue a new TOTP secret");
    cmd->callback([&run, opts, username, password_file, totp] {
      run = [opts, username, password_file, totp] {
        auto config = ResolveConfig(*opts);
        if (!config) return Fail(config.error());
        auto pw = ReadSecretFile(*password_file);
        if (!pw) return Fail(pw.error());
        auto a = OpenApplication(*config);
        if (!a) return Fail(a.error());
        if (auto s = (*a)->directory().ResetPassword(*username, *pw); !s) return Fail(s.error());
        std::printf("password reset for %s\n", username->c_str());
        if (*totp) {
          auto secret = (*a)->directory().ResetTotp(*username);
          if (!secret) return Fail(secret.error());
          std::printf("TOTP secret (shown once): %s\n", secret->c_str());
        }
        return 0;
      };
    });
  }
}

}  // namespace nrm::cli
