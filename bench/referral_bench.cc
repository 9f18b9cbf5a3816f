// The identification and referral path (issue 4) through the real services:
//  1. the duplicate check (PersonService::CheckDuplicates) against 1,000 and
//     10,000 stored persons with Azerbaijani/Russian names in Latin and
//     Cyrillic, for queries that match (the other script's spelling of a
//     stored person, with its birth year) and queries that do not; beside it
//     the same candidate search alone in a read transaction (no match tokens,
//     no audit entries, no write transaction), to show what the writes cost;
//  2. a referral to the SPU (a screening, then CreateToSpu: duplicate check,
//     new person and referral in one transaction) without attachments and
//     with one 1 MB PDF, from 1 and 4 threads;
//  3. the SLA sweep (EscalateOverdue) over 10,000 open referrals of which
//     1 % are overdue, and the idle sweep that finds nothing.
//
// Usage: referral_bench [seconds-per-throughput-run] ; NRM_BENCH_PG_URL adds
// a PostgreSQL run (a database of its own: the run leaves its data there).
#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "app/application.h"
#include "core/ids.h"
#include "crypto/blind_index.h"
#include "crypto/field_cipher.h"
#include "crypto/keyring.h"
#include "directory/roles.h"
#include "referral/attachment.h"
#include "referral/screening.h"
#include "referral/service.h"
#include "text/name_skeleton.h"
#include "text/normalize.h"

namespace {

using namespace nrm;
using Steady = std::chrono::steady_clock;

double Ms(Steady::time_point a, Steady::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

double Pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// Parallel lists: entry i is one name in Azerbaijani Latin and in the usual
// Russian/Cyrillic spelling, so that a query can name a stored person in the
// other script.
struct Name {
  const char* latin;
  const char* cyrillic;
};
const Name kFemale[] = {{"Aysel", "Айсель"},  {"Günay", "Гюнай"},    {"Leyla", "Лейла"},  {"Nərmin", "Нармин"},
                        {"Səbinə", "Сабина"}, {"Aynur", "Айнур"},    {"Könül", "Кёнуль"}, {"Ülviyyə", "Ульвия"},
                        {"Şəbnəm", "Шабнам"}, {"Xədicə", "Хадиджа"}, {"Fidan", "Фидан"},  {"Lalə", "Лала"},
                        {"Nigar", "Нигяр"},   {"Sevinc", "Севиндж"}, {"Türkan", "Туркан"}};
const Name kMale[] = {{"Elvin", "Эльвин"},  {"Rəşad", "Рашад"},  {"Tural", "Турал"},   {"Orxan", "Орхан"},
                      {"Əli", "Али"},       {"Vüsal", "Вюсал"},  {"Kamran", "Камран"}, {"Cavid", "Джавид"},
                      {"Elçin", "Эльчин"},  {"İlham", "Ильхам"}, {"Murad", "Мурад"},   {"Ramil", "Рамиль"},
                      {"Səbuhi", "Сабухи"}, {"Fərid", "Фарид"},  {"Nicat", "Ниджат"}};
// Family names in the masculine form; the feminine adds "a" in both scripts.
const Name kFamily[] = {
    {"Məmmədov", "Мамедов"},      {"Əliyev", "Алиев"},       {"Hüseynov", "Гусейнов"}, {"Həsənov", "Гасанов"},
    {"Quliyev", "Кулиев"},        {"İsmayılov", "Исмайлов"}, {"Abbasov", "Аббасов"},   {"Bağırov", "Багиров"},
    {"Cəfərov", "Джафаров"},      {"Rəhimov", "Рагимов"},    {"Nəsirov", "Насиров"},   {"Orucov", "Оруджев"},
    {"Süleymanov", "Сулейманов"}, {"Kərimov", "Керимов"},    {"Qasımov", "Касумов"},   {"İbrahimov", "Ибрагимов"},
    {"Əhmədov", "Ахмедов"},       {"Vəliyev", "Велиев"},     {"Rüstəmov", "Рустамов"}, {"Şirinov", "Ширинов"}};
// Names that no stored person carries (queries that must not match).
const char* kAbsentGiven[] = {"Məleykə", "Zülfiyyə", "Pərvanə", "Мелейка", "Зульфия", "Парвана", "Təranə", "Тарана"};
const char* kAbsentFamily[] = {"Sadıqova", "Tağıyeva", "Mirzəyeva", "Садыгова",
                               "Тагиева",  "Мирзоева", "Zeynalova", "Зейналова"};

struct PersonName {
  std::string given, family, patronymic, given_other, family_other;  // *_other: the other script
  int year = 0;
};

PersonName RandomName(std::mt19937& rng) {
  const bool female = rng() % 2 == 0;
  const bool cyr = rng() % 10 < 3;  // 30 % recorded in Cyrillic
  const Name& g = female ? kFemale[rng() % std::size(kFemale)] : kMale[rng() % std::size(kMale)];
  const Name& f = kFamily[rng() % std::size(kFamily)];
  const Name& father = kMale[rng() % std::size(kMale)];
  const std::string suffix = female ? (cyr ? "а" : "a") : "";
  const std::string other_suffix = female ? (cyr ? "a" : "а") : "";
  PersonName n;
  n.given = cyr ? g.cyrillic : g.latin;
  n.family = std::string(cyr ? f.cyrillic : f.latin) + suffix;
  n.given_other = cyr ? g.latin : g.cyrillic;
  n.family_other = std::string(cyr ? f.latin : f.cyrillic) + other_suffix;
  if (!cyr && rng() % 2) n.patronymic = std::string(father.latin) + (female ? " qızı" : " oğlu");
  n.year = 1960 + static_cast<int>(rng() % 49);
  return n;
}

people::PersonInput PersonOf(const PersonName& n, std::mt19937& rng) {
  people::PersonInput in;
  auto& id = in.groups[access::FieldClass::kIdentity];
  id = {{"given_names", n.given}, {"family_name", n.family}};
  if (!n.patronymic.empty()) id["patronymic"] = n.patronymic;
  char date[16];
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", n.year, 1 + static_cast<int>(rng() % 12),
                1 + static_cast<int>(rng() % 28));
  id["birth_date"] = date;
  in.groups[access::FieldClass::kContact] = {{"phone", "+99450" + std::to_string(1000000 + rng() % 8999999)}};
  in.groups[access::FieldClass::kDetail] = {{"gender", "female"}};
  return in;
}

directory::Principal User(app::Application& a, const std::string& name, const std::string& role,
                          const std::string& agency) {
  auto u = a.directory().CreateUser(nullptr, directory::NewUser{name, name, agency, {role}, "quiet-river-stone-4721"});
  directory::Principal p;
  if (!u) {
    std::fprintf(stderr, "user %s: %s\n", name.c_str(), u.error().message.c_str());
    std::exit(1);
  }
  p.user_id = u->user.id;
  p.username = name;
  p.agency_id = u->user.agency_id;
  p.roles = {role};
  p.capabilities = directory::CapabilitiesOf(p.roles);
  return p;
}

// Stores persons until there are `target` of them, 500 per transaction.
void FillPersons(app::Application& a, const directory::Principal& who, std::vector<PersonName>& stored, size_t target,
                 std::mt19937& rng) {
  while (stored.size() < target) {
    auto tx = a.database().Begin(store::TxMode::kWrite);
    if (!tx) std::exit(1);
    for (int i = 0; i < 500 && stored.size() < target; ++i) {
      auto n = RandomName(rng);
      auto p = a.persons().CreateIn(**tx, who, PersonOf(n, rng), "bench");
      if (!p) {
        std::fprintf(stderr, "person: %s\n", p.error().message.c_str());
        std::exit(1);
      }
      stored.push_back(n);
    }
    if (auto s = (*tx)->Commit(); !s) std::exit(1);
  }
}

// The candidate search of people/duplicate.cc alone (same normalisation, the
// same two queries), in a read transaction: what the check costs without its
// match tokens, audit entries and write transaction.
size_t SearchOnly(app::Application& a, const people::DuplicateQuery& q) {
  std::set<std::string> tokens;
  for (const auto& raw : q.names) {
    auto name = text::NormalizeUserText(raw);
    for (const auto& t : text::NameSkeletonTokens(*name))
      tokens.insert(*crypto::BlindIndex(a.keyring(), "name_token", t));
  }
  std::string ph;
  std::vector<store::Value> params;
  for (const auto& t : tokens) {
    ph += params.empty() ? "?" : ", ?";
    params.emplace_back(t);
  }
  params.emplace_back(static_cast<int64_t>(std::min<size_t>(2, tokens.size())));
  auto tx = a.database().Begin(store::TxMode::kRead);
  auto rows = (*tx)->Query("SELECT person_id FROM person_index WHERE kind = 'name' AND token IN (" + ph +
                               ") GROUP BY person_id HAVING COUNT(DISTINCT token) >= ?",
                           params);
  std::vector<store::Value> ids;
  for (const auto& r : *rows) ids.emplace_back(r.Text(0));
  if (q.birth_year && !ids.empty()) {
    auto year = crypto::BlindIndex(a.keyring(), "birth_year", std::to_string(*q.birth_year));
    std::string ph2;
    for (size_t i = 0; i < ids.size(); ++i) ph2 += i ? ", ?" : "?";
    auto years = (*tx)->Query(
        "SELECT person_id, token FROM person_index WHERE kind IN ('birth_year', "
        "'birth_year_est') AND person_id IN (" +
            ph2 + ")",
        ids);
    size_t same = 0;
    for (const auto& r : *years) same += r.Text(1) == *year;
    return same;
  }
  return ids.size();
}

void BenchDuplicates(const std::string& label, app::Application& a, const directory::Principal& border,
                     std::vector<PersonName>& stored, std::mt19937& rng) {
  for (size_t n : {1000u, 10000u}) {
    const auto t0 = Steady::now();
    FillPersons(a, border, stored, n, rng);
    std::printf("%-8s persons stored: %zu (filled in %.1f s)\n", label.c_str(), stored.size(),
                Ms(t0, Steady::now()) / 1000);
    for (bool matching : {true, false}) {
      const int kQueries = 300;
      std::vector<people::DuplicateQuery> queries(kQueries);
      for (auto& q : queries) {
        if (matching) {
          const auto& p = stored[rng() % stored.size()];
          q.names = {p.given_other, p.family_other};  // the other script's spelling
          q.birth_year = p.year;
        } else {
          q.names = {kAbsentGiven[rng() % std::size(kAbsentGiven)], kAbsentFamily[rng() % std::size(kAbsentFamily)]};
          q.birth_year = 1960 + static_cast<int>(rng() % 49);
        }
      }
      std::vector<double> full, search;
      size_t matches = 0, errors = 0;
      for (const auto& q : queries) {
        auto t1 = Steady::now();
        auto m = a.persons().CheckDuplicates(border, q, "bench");
        full.push_back(Ms(t1, Steady::now()));
        if (m)
          matches += m->size();
        else
          ++errors;
      }
      // Separately, so that the reader's page cache is not invalidated by a
      // write before every query.
      for (const auto& q : queries) {
        auto t1 = Steady::now();
        SearchOnly(a, q);
        search.push_back(Ms(t1, Steady::now()));
      }
      std::printf(
          "%-8s dup-check  persons=%5zu %-12s  p50 %6.2f ms  p99 %6.2f ms  | search only p50 %6.2f ms  p99 "
          "%6.2f ms  | %.1f matches/query%s\n",
          label.c_str(), stored.size(), matching ? "matching" : "non-matching", Pct(full, .5), Pct(full, .99),
          Pct(search, .5), Pct(search, .99), static_cast<double>(matches) / kQueries, errors ? " (ERRORS)" : "");
    }
  }
}

std::string Base64(const std::string& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

void BenchReferrals(const std::string& label, app::Application& a, const std::vector<directory::Principal>& officers,
                    double seconds) {
  std::string pdf = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  std::mt19937 fill(7);
  while (pdf.size() < 1024 * 1024 - 6) pdf += static_cast<char>('0' + fill() % 75);
  pdf += "\n%%EOF";
  const std::string pdf64 = Base64(pdf);
  {
    // What the 1 MB costs before the transaction: strict base64 decoding and
    // sniffing, then sealing (XChaCha20-Poly1305) of the bytes.
    std::vector<double> dec, seal, b64;
    for (int i = 0; i < 20; ++i) {
      std::vector<uint8_t> raw(pdf64.size());
      size_t len = 0;
      auto tb = Steady::now();
      (void)sodium_base642bin(raw.data(), raw.size(), pdf64.data(), pdf64.size(), nullptr, &len, nullptr,
                              sodium_base64_VARIANT_ORIGINAL);
      b64.push_back(Ms(tb, Steady::now()));
      auto t0 = Steady::now();
      auto files = referral::DecodeAttachments({{"statement.pdf", "application/pdf", pdf64}});
      auto t1 = Steady::now();
      auto sealed = crypto::Seal(a.keyring(), "referral_attachments", "data_sealed", "bench", pdf);
      auto t2 = Steady::now();
      if (!files || !sealed) std::fprintf(stderr, "  decode/seal failed\n");
      dec.push_back(Ms(t0, t1));
      seal.push_back(Ms(t1, t2));
    }
    // Storing 1 MB of ciphertext alone: one INSERT into a scratch table, committed.
    std::vector<double> put;
    const bool pg = a.database().dialect() == store::Dialect::kPostgres;
    auto sealed = crypto::Seal(a.keyring(), "referral_attachments", "data_sealed", "bench", pdf);
    for (int i = 0; i < 20 && sealed; ++i) {
      auto t0 = Steady::now();
      auto tx = a.database().Begin(store::TxMode::kWrite);
      if (i == 0)
        (void)(*tx)->Exec(pg ? "CREATE TABLE IF NOT EXISTS bench_blob (b BYTEA)"
                             : "CREATE TABLE IF NOT EXISTS bench_blob (b BLOB)");
      (void)(*tx)->Exec("INSERT INTO bench_blob (b) VALUES (?)", {*sealed});
      (void)(*tx)->Commit();
      put.push_back(Ms(t0, Steady::now()));
    }
    std::printf(
        "%-8s 1 MB PDF   decode+check p50 %.2f ms (sodium_base642bin alone %.2f ms), seal p50 %.2f ms, "
        "storing the sealed MB alone (INSERT + commit) p50 %.2f ms\n",
        label.c_str(), Pct(dec, .5), Pct(b64, .5), Pct(seal, .5), Pct(put, .5));
  }
  for (bool attach : {false, true}) {
    for (int threads : {1, 4}) {
      std::atomic<bool> stop{false};
      std::mutex mu;
      std::vector<double> ops, refs;
      std::atomic<long> failed{0};
      std::vector<std::thread> pool;
      const auto t0 = Steady::now();
      for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
          const auto& who = officers[static_cast<size_t>(t) % officers.size()];
          std::mt19937 rng(1000 + t);
          std::vector<double> my_ops, my_refs;
          while (!stop.load(std::memory_order_relaxed)) {
            auto s0 = Steady::now();
            referral::ScreeningInput si;
            si.indicators = {"adult-labour.d1.deceived-nature-of-job"};
            si.forms_of_exploitation = {"ForcedLabour"};
            si.outcome = "presumed_victim";
            si.notes = "met at the border post";
            auto s = a.screenings().Create(who, si, "bench");
            if (!s) {
              if (failed++ == 0) std::fprintf(stderr, "  screening: %s\n", s.error().message.c_str());
              continue;
            }
            referral::ReferralToSpuInput in;
            in.screening_id = s->id;
            in.person = PersonOf(RandomName(rng), rng);
            in.circumstances = "Found without documents at the border post, says her passport was taken.";
            if (attach) in.attachments.push_back({"statement.pdf", "application/pdf", pdf64});
            auto r0 = Steady::now();
            auto r = a.referrals().CreateToSpu(who, in, "bench");
            auto r1 = Steady::now();
            if (!r) {
              if (failed++ == 0) std::fprintf(stderr, "  referral: %s\n", r.error().message.c_str());
              continue;
            }
            my_ops.push_back(Ms(s0, r1));
            my_refs.push_back(Ms(r0, r1));
          }
          std::lock_guard lock(mu);
          ops.insert(ops.end(), my_ops.begin(), my_ops.end());
          refs.insert(refs.end(), my_refs.begin(), my_refs.end());
        });
      std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
      stop = true;
      for (auto& th : pool) th.join();
      const double wall = Ms(t0, Steady::now()) / 1000;
      std::printf(
          "%-8s referral   %-14s threads=%d  %6.1f referrals/s  screening+referral p50 %6.2f ms  p99 %6.2f "
          "ms  | CreateToSpu alone p50 %6.2f ms  p99 %6.2f ms  (n=%zu%s)\n",
          label.c_str(), attach ? "1 MB PDF" : "no attachment", threads, static_cast<double>(ops.size()) / wall,
          Pct(ops, .5), Pct(ops, .99), Pct(refs, .5), Pct(refs, .99), ops.size(), failed ? ", FAILURES" : "");
    }
  }
}

void BenchSweep(const std::string& label, app::Application& a) {
  const int64_t now = SystemClock::Instance().NowMillis();
  std::vector<std::string> ids;
  {
    auto tx = a.database().Begin(store::TxMode::kWrite);
    auto open = (*tx)->Query("SELECT id FROM referrals WHERE kind = 'spu' AND status = 'submitted' ORDER BY id");
    if (!open || open->empty()) {
      std::fprintf(stderr, "sweep: no template referral\n");
      return;
    }
    for (const auto& r : *open) ids.push_back(r.Text(0));
    const std::string model = ids.front();
    // Copies of a real referral (same person, screening and sealed text), with
    // new ids and references: 10,000 open ones in all.
    for (int i = 0; ids.size() < 10000; ++i) {
      const std::string id = NewUuidV7(SystemClock::Instance());
      auto ins = (*tx)->Exec(
          "INSERT INTO referrals (id, reference, kind, status, from_agency_id, to_agency_id, created_by, person_id, "
          "screening_id, circumstances_sealed, ack_due_at, decision_due_at, created_at, updated_at) "
          "SELECT ?, ?, kind, status, from_agency_id, to_agency_id, created_by, person_id, screening_id, "
          "circumstances_sealed, ack_due_at, decision_due_at, created_at, updated_at FROM referrals WHERE id = ?",
          {id, "R-BENCH-" + std::to_string(100000 + i), model});
      if (!ins) {
        std::fprintf(stderr, "sweep fill: %s\n", ins.error().message.c_str());
        return;
      }
      ids.push_back(id);
    }
    // Every one due in the future, 1 % overdue for acknowledgement.
    (void)(*tx)->Exec(
        "UPDATE referrals SET ack_due_at = ?, decision_due_at = ?, ack_escalated_at = NULL, "
        "decision_escalated_at = NULL WHERE kind = 'spu'",
        {now + 3600'000, now + 24 * 3600'000LL});
    for (size_t i = 0; i < ids.size(); i += 100)
      (void)(*tx)->Exec("UPDATE referrals SET ack_due_at = ? WHERE id = ?", {now - 60'000, ids[i]});
    if (auto s = (*tx)->Commit(); !s) return;
  }
  std::vector<double> busy, idle;
  int escalated = 0;
  for (int rep = 0; rep < 5; ++rep) {
    {
      auto w = a.database().Begin(store::TxMode::kWrite);
      (void)(*w)->Exec("UPDATE referrals SET ack_escalated_at = NULL WHERE ack_escalated_at IS NOT NULL");
      (void)(*w)->Commit();
    }
    auto t1 = Steady::now();
    auto n = a.referrals().EscalateOverdue(now);
    busy.push_back(Ms(t1, Steady::now()));
    if (!n) std::fprintf(stderr, "sweep: %s\n", n.error().message.c_str());
    escalated = n ? *n : -1;
    auto t2 = Steady::now();
    auto m = a.referrals().EscalateOverdue(now);
    idle.push_back(Ms(t2, Steady::now()));
    if (!m || *m != 0) std::fprintf(stderr, "sweep: the idle sweep escalated something\n");
  }
  std::vector<double> scan;
  for (int rep = 0; rep < 5; ++rep) {
    auto r = a.database().Begin(store::TxMode::kRead);
    auto t1 = Steady::now();
    (void)(*r)->Query(
        "SELECT id FROM referrals WHERE kind = 'spu' AND status IN ('submitted', 'acknowledged') AND "
        "decision_due_at < ? AND decision_escalated_at IS NULL ORDER BY created_at LIMIT 500",
        {now});
    scan.push_back(Ms(t1, Steady::now()));
  }
  std::printf("%-8s SLA sweep  one stage's SELECT alone (finds nothing): median %.2f ms\n", label.c_str(),
              Pct(scan, .5));
  std::printf(
      "%-8s SLA sweep  open referrals=%zu  escalating %d overdue: median %7.1f ms (min %.1f, max %.1f)  | "
      "idle sweep (nothing new): median %6.2f ms\n",
      label.c_str(), ids.size(), escalated, Pct(busy, .5), Pct(busy, 0), Pct(busy, 1), Pct(idle, .5));
}

int Bench(const std::string& label, const std::string& store_url, const std::filesystem::path& dir, double seconds) {
  Config config;
  config.data_dir = dir.string();
  config.store_url = store_url;
  config.master_key_file = (dir / "master.key").string();
  config.alert_identity_reads = 1 << 30;
  if (!std::filesystem::exists(config.master_key_file)) (void)crypto::CreateMasterKeyFile(config.master_key_file);
  auto opened = app::Application::Open(config, SystemClock::Instance());
  if (!opened) {
    std::fprintf(stderr, "%s: %s\n", label.c_str(), opened.error().message.c_str());
    return 1;
  }
  auto& a = **opened;
  if (auto s = a.LoadReferenceData(); !s) {
    std::fprintf(stderr, "%s: %s\n", label.c_str(), s.error().message.c_str());
    return 1;
  }
  // Real users, so that notices reach someone: 4 border officers, the SPU's
  // intake and supervisor, the Coordinator's office.
  std::vector<directory::Principal> officers;
  for (int i = 0; i < 4; ++i)
    officers.push_back(User(a, "bench.border" + std::to_string(i), "border_officer", "border"));
  User(a, "bench.investigator", "spu_investigator", "spu");
  User(a, "bench.supervisor", "spu_supervisor", "spu");
  User(a, "bench.coordinator", "coordinator", "coordinator");
  std::mt19937 rng(42);
  std::vector<PersonName> stored;
  BenchDuplicates(label, a, officers[0], stored, rng);
  BenchReferrals(label, a, officers, seconds);
  BenchSweep(label, a);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) return 1;
  const double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
  const auto dir = std::filesystem::temp_directory_path() / ("nrm-referral-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  int rc = Bench("sqlite", "sqlite:" + (dir / "nrm.db").string(), dir, seconds);
  if (const char* pg = std::getenv("NRM_BENCH_PG_URL"); pg && *pg) rc |= Bench("postgres", pg, dir, seconds);
  std::filesystem::remove_all(dir);
  return rc;
}
