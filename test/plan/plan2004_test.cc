// The 2004 plan as loaded must be the seed's table: this test reads the
// table itself out of data/seed/nap-2004-az.txt (tab-separated rows: item
// number, measure, responsible bodies, tasks, deadlines; continuation rows
// start with three tabs), independently of data/plan-2004.json, and compares
// item by item and task by task with what PlanService loaded. Item 1 is
// compared with the three measures of section 2.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "plan_fixture.h"
#include "text/case.h"

namespace nrm::plan {
namespace {

using testing::PlanTest;
using testing::ReadSource;

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

// Whitespace collapsed; the extraction's <p> tags and footnote marks removed.
std::string Clean(std::string s) {
  s = std::regex_replace(s, std::regex("</?p>"), " ");
  s = std::regex_replace(s, std::regex("\\[[0-9]+\\]"), "");
  s = std::regex_replace(s, std::regex("\\s+"), " ");
  const auto b = s.find_first_not_of(' ');
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(' ') - b + 1);
}

bool StartsLower(const std::string& s) {
  // ASCII a-z, or a lower-case Azerbaijani letter (ə ı ö ü ç ş ğ), or "i".
  if (s.empty()) return false;
  const unsigned char c = static_cast<unsigned char>(s[0]);
  if (c >= 'a' && c <= 'z') return true;
  for (const char* l : {"ə", "ı", "ö", "ü", "ç", "ş", "ğ"})
    if (s.rfind(l, 0) == 0) return true;
  return false;
}

// "May 2004" -> "2004-05-31", "İyun 2004" -> "2004-06-30", "Mütəmadi" -> "ongoing".
std::vector<std::string> Deadlines(const std::string& cell) {
  std::vector<std::string> out;
  const std::string text = Clean(cell);
  static const std::regex token("(May 2004|İyun 2004|Mütəmadi)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), token); it != std::sregex_iterator(); ++it) {
    const std::string t = (*it)[1];
    out.push_back(t == "May 2004" ? "2004-05-31" : t == "İyun 2004" ? "2004-06-30" : "ongoing");
  }
  return out;
}

struct SeedTask {
  std::string text;
  std::vector<std::string> line_deadlines;  // the deadline cell of the row it starts on
  size_t tasks_on_line = 0;                 // how many tasks start on that row
};

struct SeedItem {
  int number = 0;
  std::string measure;
  std::string responsible;
  std::vector<SeedTask> tasks;
  std::vector<std::string> deadlines;  // every deadline printed for the item, in order
};

// Reads the annexed table out of the seed.
std::map<int, SeedItem> ParseSeedTable(const std::string& seed) {
  std::map<int, SeedItem> items;
  SeedItem* current = nullptr;
  int last_item = 0;  // the item whose last task a fragment continues
  static const std::regex number("^[0-9]{1,2}$");
  // A row's task cell can hold several tasks run together: each starts with a
  // capital after a verbal noun ("... təmin edilməsi Milli ...").
  static const std::regex boundary("(si|sı|su|sü|ni|nı|ri|rı) (?=[A-Z]|Ə|İ|Ö|Ü|Ç|Ş|Ğ)");
  for (const std::string& line : Split(seed, '\n')) {
    const auto cells = Split(line, '\t');
    if (cells.size() < 4) continue;
    std::vector<std::string> parts;
    if (std::regex_match(cells[0], number)) {
      const int n = std::stoi(cells[0]);
      current = &items[n];
      current->number = n;
      current->measure = Clean(cells[1]);
      current->responsible = Clean(cells[2]);
      if (cells[3].find("<p>") != std::string::npos) {
        for (const auto& p : Split(std::regex_replace(cells[3], std::regex("</p>\\s*<p>"), "\x1f"), '\x1f'))
          parts.push_back(Clean(p));
      } else {
        const std::string marked = std::regex_replace(Clean(cells[3]), boundary, "$1\x1f");
        for (const auto& p : Split(marked, '\x1f')) parts.push_back(Clean(p));
      }
    } else if (cells[0].empty() && cells[1].empty() && cells[2].empty() && current) {
      parts.push_back(Clean(cells[3]));
    } else {
      continue;
    }
    const auto dl = Deadlines(cells.size() > 4 ? cells[4] : "");
    current->deadlines.insert(current->deadlines.end(), dl.begin(), dl.end());
    // Indexes, not pointers: the vectors grow.
    const size_t first_new = current->tasks.size();
    for (const auto& p : parts) {
      if (p.empty()) continue;
      // A fragment starting in lower case continues the previous task (a
      // line or page break, or 12.6 whose end sits in item 13's row).
      if (StartsLower(p) && last_item != 0) {
        items[last_item].tasks.back().text += " " + p;
        continue;
      }
      current->tasks.push_back(SeedTask{p, dl, 0});
      last_item = current->number;
    }
    for (size_t k = first_new; k < current->tasks.size(); ++k)
      current->tasks[k].tasks_on_line = current->tasks.size() - first_new;
  }
  return items;
}

// Section 2's measures: paragraphs after the heading's introduction, joined
// until one ends with ';' or '.', that punctuation dropped.
std::vector<std::string> SectionTwoMeasures(const std::string& seed) {
  const auto start = seed.find("2. İNSAN ALVERİNƏ QARŞI MÜBARİZƏ SAHƏSİNDƏ QANUNVERİCİLİK BAZASININ");
  const auto end = seed.find("\n3. ", start);
  std::vector<std::string> out;
  if (start == std::string::npos || end == std::string::npos) return out;
  std::string pending;
  bool intro = true;
  for (const auto& line : Split(seed.substr(start, end - start), '\n')) {
    const std::string l = Clean(line);
    if (l.empty() || l.rfind("2. ", 0) == 0) continue;
    if (intro) {  // "... nəzərdə tutulur:"
      intro = false;
      continue;
    }
    pending += (pending.empty() ? "" : " ") + l;
    if (pending.back() == ';' || pending.back() == '.') {
      pending.pop_back();
      out.push_back(pending);
      pending.clear();
    }
  }
  return out;
}

// Responsible cell -> agency codes, matching the registry's Azerbaijani names
// (longest first). The seed's "Əhəlinin" slip is read as "Əhalinin".
std::vector<std::string> ResponsibleCodes(std::string cell,
                                          const std::vector<std::pair<std::string, std::string>>& names) {
  cell = std::regex_replace(cell, std::regex("Əhəlinin"), "Əhalinin");
  std::vector<std::string> out;
  std::string rest = text::FoldCaseAz(cell);
  while (!rest.empty()) {
    bool matched = false;
    for (const auto& [name, code] : names) {
      const std::string folded = text::FoldCaseAz(name);
      if (rest.rfind(folded, 0) == 0) {
        out.push_back(code);
        rest = Clean(rest.substr(folded.size()));
        matched = true;
        break;
      }
    }
    if (!matched) {
      ADD_FAILURE() << "no agency in data/agencies.json is named like: " << rest.substr(0, 60);
      break;
    }
  }
  return out;
}

class Plan2004Test : public PlanTest {};

TEST_P(Plan2004Test, LoadsEveryItemAndTaskOfTheSeedTable) {
  const std::string plan_id = LoadSeed();
  ASSERT_FALSE(plan_id.empty());
  auto plan = plans_->GetPlan(nullptr, plan_id);
  ASSERT_TRUE(plan) << plan.error().message;
  const std::string seed = ReadSource("data/seed/nap-2004-az.txt");
  ASSERT_FALSE(seed.empty());
  const auto table = ParseSeedTable(seed);

  // The registry's names, longest first, for the responsible column.
  const auto registry = nlohmann::json::parse(ReadSource("data/agencies.json"));
  std::vector<std::pair<std::string, std::string>> names;
  for (const auto& a : registry["agencies"]) names.emplace_back(a["name"]["az"], a["code"]);
  std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });

  // Items 2..13 come from the table, item 1 from section 2.
  std::set<int> seed_numbers;
  for (const auto& [n, item] : table) seed_numbers.insert(n);
  seed_numbers.insert(1);
  std::set<int> loaded_numbers;
  for (const auto& i : plan->items) loaded_numbers.insert(i.number);
  EXPECT_EQ(loaded_numbers, seed_numbers);
  EXPECT_EQ(table.size(), 12u) << "the seed's table has items 2..13";

  size_t seed_tasks = 0;
  for (const auto& item : plan->items) {
    SCOPED_TRACE("item " + std::to_string(item.number));
    if (item.number == 1) continue;
    auto it = table.find(item.number);
    ASSERT_NE(it, table.end());
    const SeedItem& s = it->second;
    seed_tasks += s.tasks.size();
    EXPECT_EQ(Clean(item.measure.az.value_or("")), s.measure);
    EXPECT_EQ(item.responsible, ResponsibleCodes(s.responsible, names));
    ASSERT_EQ(item.tasks.size(), s.tasks.size());
    const bool one_deadline_per_task = s.deadlines.size() == s.tasks.size();
    for (size_t k = 0; k < s.tasks.size(); ++k) {
      const Task& t = item.tasks[k];
      SCOPED_TRACE("task " + t.number);
      EXPECT_EQ(t.number, std::to_string(item.number) + "." + std::to_string(k + 1));
      EXPECT_EQ(Clean(t.text.az.value_or("")), s.tasks[k].text);
      EXPECT_TRUE(t.text.en && !t.text.en->empty());
      EXPECT_EQ(t.responsible, item.responsible) << "the item's bodies apply to every task";
      const std::string loaded = t.deadline.kind == "ongoing" ? "ongoing" : t.deadline.due.value_or("?");
      if (one_deadline_per_task) {
        // The n-th deadline printed for the item goes to the n-th task.
        EXPECT_EQ(loaded, s.deadlines[k]);
      } else if (s.tasks[k].tasks_on_line == 1 && s.tasks[k].line_deadlines.size() == 1) {
        EXPECT_EQ(loaded, s.tasks[k].line_deadlines[0]) << "deadline printed on the task's own row";
      } else {
        // A merged cell: no deadline on the row; the task is ongoing, flagged inferred.
        EXPECT_TRUE(s.tasks[k].line_deadlines.empty());
        EXPECT_EQ(loaded, "ongoing");
        EXPECT_TRUE(t.deadline_inferred);
      }
      if (t.deadline.kind == "ongoing") {
        EXPECT_EQ(t.deadline.cadence.value_or(""), "quarterly");
      }
    }
  }
  EXPECT_EQ(seed_tasks, 48u);  // + item 1's three = 51

  // Item 1: restored from section 2's three measures.
  const auto measures = SectionTwoMeasures(seed);
  ASSERT_EQ(measures.size(), 3u);
  const Item* one = nullptr;
  for (const auto& i : plan->items)
    if (i.number == 1) one = &i;
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one->restored_from.value_or(""), "section 2");
  ASSERT_EQ(one->tasks.size(), 3u);
  for (size_t k = 0; k < 3; ++k) EXPECT_EQ(Clean(one->tasks[k].text.az.value_or("")), measures[k]) << "1." << k + 1;
  EXPECT_EQ(one->responsible, (std::vector<std::string>{"cabinet", "moj"}));
  EXPECT_EQ(plan->plan.task_count, 51);
  EXPECT_EQ(plan->plan.item_count, 13);
}

TEST_P(Plan2004Test, LoadingTheSeedTwiceKeepsOnePlan) {
  const std::string first = LoadSeed();
  const std::string second = LoadSeed();
  EXPECT_EQ(first, second);
  EXPECT_EQ(Count("plans"), 1);
  EXPECT_EQ(Count("plan_tasks"), 51);
}

INSTANTIATE_TEST_SUITE_P(Backends, Plan2004Test, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         store::testing::ParamName);

}  // namespace
}  // namespace nrm::plan
