#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "app/application.h"
#include "cli/commands.h"
#include "crypto/token.h"
#include "directory/roles.h"

namespace nrm::cli {

namespace {

struct DemoUser {
  const char* username;
  const char* display_name;
  const char* role;
  const char* agency;
};

// One demo user per kind of user in MISSION.md's table, and a second donor:
// donors must not see each other's pledges, which a demo can only show with two.
const DemoUser kDemoUsers[] = {
    {"coordinator", "Nərgiz Əliyeva", "coordinator", "coordinator"},
    {"spu.investigator", "Rəşad Quliyev", "spu_investigator", "spu"},
    {"spu.supervisor", "Elçin Məmmədov", "spu_supervisor", "spu"},
    {"border.officer", "Orxan İsmayılov", "border_officer", "border"},
    {"police.liaison", "Səbinə Hüseynova", "police_liaison", "police"},
    {"hotline.operator", "Günel Şükürova", "hotline_operator", "hotline"},
    {"shelter.staff", "Ülviyyə Çələbiyeva", "shelter_staff", "shelter"},
    {"ngo.caseworker", "Aygün Öztürk", "ngo_caseworker", "ngo_assistance"},
    {"ministry.focal", "Tural Bağırov", "ministry_focal", "labour"},
    {"donor", "Jane Donor", "donor", "donors"},
    {"donor.second", "John Second", "donor", "donors"},
    {"analyst", "İlkin Rzayev", "analyst", "coordinator"},
    {"admin", "Administrator", "admin", "coordinator"},
};

// Two donor organisations, each with one demo donor account, created as the
// demo Coordinator would (through the partners service and its rules).
Status LinkDemoDonors(app::Application& app) {
  auto coordinator = app.directory().FindUserByName("coordinator");
  if (!coordinator) return tl::unexpected(coordinator.error());
  directory::Principal who;
  who.user_id = coordinator->id;
  who.username = coordinator->username;
  who.agency_id = coordinator->agency_id;
  who.roles = coordinator->roles;
  who.capabilities = directory::CapabilitiesOf(coordinator->roles);
  auto& partners = app.partners();
  auto donors = partners.ListDonors(who);
  if (!donors) return tl::unexpected(donors.error());
  const struct {
    const char* name_az;
    const char* name_en;
    const char* username;
  } kOrgs[] = {{"Nümunə Donor Fondu", "Demo Donor Foundation", "donor"},
               {"İkinci Donor Fondu", "Second Donor Fund", "donor.second"}};
  for (const auto& org : kOrgs) {
    std::string id;
    for (const auto& d : *donors)
      if (d.name_en == org.name_en) id = d.id;
    if (id.empty()) {
      auto created = partners.CreateDonor(who, partners::DonorInput{org.name_az, org.name_en, "donor", "AZ"}, "demo");
      if (!created) return tl::unexpected(created.error());
      id = created->id;
    }
    auto user = app.directory().FindUserByName(org.username);
    if (!user) return tl::unexpected(user.error());
    auto linked = partners.DonorOf(user->id);
    if (!linked) return tl::unexpected(linked.error());
    if (*linked) continue;
    if (auto m = partners.AddMember(who, id, org.username, "demo"); !m) return tl::unexpected(m.error());
  }
  return {};
}

}  // namespace

void AddDemo(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand(
      "demo", "Create (or reset) one demo user per role and write demo-credentials.json in the data directory");
  auto opts = std::make_shared<CommonOptions>();
  AddCommonOptions(*cmd, *opts);
  cmd->callback([&run, opts] {
    run = [opts] {
      auto config = ResolveConfig(*opts);
      if (!config) return Fail(config.error());
      auto a = OpenApplication(*config);
      if (!a) return Fail(a.error());
      auto& dir = (*a)->directory();
      if (auto s = (*a)->LoadReferenceData(); !s) return Fail(s.error());
      nlohmann::json users = nlohmann::json::array();
      for (const auto& d : kDemoUsers) {
        // Random passwords, so a demo install is never reachable with a
        // password printed in a README.
        const std::string password = crypto::RandomToken(12);
        std::optional<std::string> secret;
        auto existing = dir.FindUserByName(d.username);
        if (existing) {
          if (auto s = dir.ResetPassword(d.username, password); !s) return Fail(s.error());
          if (directory::RolesRequireTotp(existing->roles)) {
            auto t = dir.ResetTotp(d.username);
            if (!t) return Fail(t.error());
            secret = *t;
          }
        } else {
          auto created =
              dir.CreateUser(nullptr, directory::NewUser{d.username, d.display_name, d.agency, {d.role}, password});
          if (!created) return Fail(created.error());
          secret = created->totp_secret;
        }
        nlohmann::json u{{"username", d.username}, {"password", password}, {"roles", {d.role}}, {"agency", d.agency}};
        u["totp_secret"] = secret ? nlohmann::json(*secret) : nlohmann::json(nullptr);
        users.push_back(u);
      }
      if (auto s = LinkDemoDonors(**a); !s) return Fail(s.error());
      std::error_code ec;
      std::filesystem::create_directories(config->data_dir, ec);
      const std::string path = (std::filesystem::path(config->data_dir) / "demo-credentials.json").string();
      const std::string tmp = path + ".tmp";
      {
        const mode_t old = umask(077);
        std::ofstream out(tmp, std::ios::trunc);
        umask(old);
        out << nlohmann::json{{"users", users}}.dump(2) << "\n";
        if (!out) return Fail(Error::Of(ErrorCode::kInternal, "cannot write " + path));
      }
      std::filesystem::rename(tmp, path, ec);
      if (ec) return Fail(Error::Of(ErrorCode::kInternal, "cannot write " + path));
      std::printf("demo users ready; credentials in %s\n", path.c_str());
      return 0;
    };
  });
}

}  // namespace nrm::cli
