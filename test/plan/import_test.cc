// Creating and importing plans: the documented JSON and CSV formats, new
// revisions beside old ones, and bad rows refused all at once by line
// number with nothing written.
#include <chrono>

#include <gtest/gtest.h>

#include "plan_fixture.h"

namespace nrm::plan {
namespace {

using testing::PlanTest;

class ImportTest : public PlanTest {};

const char* kHeader =
    "plan_code,plan_title_az,plan_title_en,period_start,period_end,item,measure_az,measure_en,task,text_az,text_en,"
    "responsible,deadline_kind,due,cadence,internal\n";

std::string Row(const std::string& item, const std::string& task, const std::string& responsible,
                const std::string& kind, const std::string& due, const std::string& cadence = "",
                const std::string& text = "Task") {
  return "nap-2027,Plan 2027 az,Plan 2027,2027-01-01,2030-12-31," + item + ",Tədbir " + item + ",Measure " + item +
         "," + task + ",Tapşırıq," + text + "," + responsible + "," + kind + "," + due + "," + cadence + ",\n";
}

TEST_P(ImportTest, GoodCsvImportsAndASecondImportIsTheNextRevision) {
  const std::string csv = std::string(kHeader) + Row("1", "1.1", "labour;mia", "date", "2027-03-15") +
                          // A quoted field with a comma, a quote and a line break.
                          "nap-2027,Plan 2027 az,Plan 2027,2027-01-01,2030-12-31,1,Tədbir 1,Measure 1,1.2,Tapşırıq,"
                          "\"Train, \"\"then\"\"\nreport\",labour,month,2027-06,,1\n" +
                          Row("2", "2.1", "coordinator", "ongoing", "", "monthly");
  auto admin = As("coordinator", "coordinator");
  auto first = plans_->Import(&admin, csv, PlanFormat::kCsv, false);
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(first->problems.empty()) << first->problems[0].line << " " << first->problems[0].message;
  ASSERT_TRUE(first->plan);
  EXPECT_EQ(first->plan->revision, 1);
  EXPECT_EQ(first->plan->item_count, 2);
  EXPECT_EQ(first->plan->task_count, 3);
  auto detail = plans_->GetPlan(&admin, first->plan->id);
  ASSERT_TRUE(detail);
  ASSERT_EQ(detail->items.size(), 2u);
  const auto& t11 = detail->items[0].tasks[0];
  EXPECT_EQ(t11.responsible, (std::vector<std::string>{"labour", "mia"}));
  EXPECT_EQ(t11.deadline.due.value_or(""), "2027-03-15");
  const auto& t12 = detail->items[0].tasks[1];
  EXPECT_EQ(t12.text.en.value_or(""), "Train, \"then\"\nreport");
  EXPECT_EQ(t12.deadline.kind, "month");
  EXPECT_EQ(t12.deadline.due.value_or(""), "2027-06-30") << "a month is due on its last day";
  EXPECT_TRUE(t12.internal);
  EXPECT_EQ(detail->items[0].responsible, (std::vector<std::string>{"labour", "mia"}));
  const auto& t21 = detail->items[1].tasks[0];
  EXPECT_EQ(t21.deadline.kind, "ongoing");
  EXPECT_EQ(t21.deadline.cadence.value_or(""), "monthly");

  auto second = plans_->Import(&admin, csv, PlanFormat::kCsv, false);
  ASSERT_TRUE(second && second->problems.empty() && second->plan);
  EXPECT_EQ(second->plan->revision, 2);
  EXPECT_NE(second->plan->id, first->plan->id);
  auto list = plans_->ListPlans(&admin);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->size(), 2u) << "the older revision stays";
  EXPECT_EQ(Count("plan_tasks"), 6);
}

TEST_P(ImportTest, GoodJsonImports) {
  const std::string doc = R"({
  "plan": {"code": "awareness-2027", "title": {"az": "Maarifləndirmə", "en": "Awareness"},
           "period_start": "2027-01-01", "period_end": null, "status": "draft"},
  "items": [
    {"number": 1, "measure": {"az": "Kampaniya", "en": "Campaign"}, "responsible": ["education"],
     "tasks": [
       {"number": "1.1", "text": {"az": "Məktəblərdə dərslər", "en": "School sessions"},
        "deadline": {"kind": "ongoing", "reporting_cadence": "semiannual"}},
       {"number": "1.2", "text": {"az": null, "en": "Leaflets"}, "responsible": ["media", "education"],
        "deadline": {"kind": "date", "due": "2027-09-01", "text": {"az": "Sentyabr 2027", "en": "September 2027"}}}
     ]}
  ]
})";
  auto admin = As("coordinator", "coordinator");
  auto out = plans_->Import(&admin, doc, PlanFormat::kJson, false);
  ASSERT_TRUE(out) << out.error().message;
  ASSERT_TRUE(out->problems.empty()) << out->problems[0].field << ": " << out->problems[0].message;
  EXPECT_EQ(out->plan->status, "draft");
  auto tasks = plans_->ListTasks(&admin, TaskFilter{out->plan->id, std::string("media"), std::nullopt, std::nullopt});
  ASSERT_TRUE(tasks);
  ASSERT_EQ(tasks->size(), 1u);
  EXPECT_EQ(tasks->front().number, "1.2");
  EXPECT_EQ(tasks->front().responsible, (std::vector<std::string>{"media", "education"}));
}

TEST_P(ImportTest, BadCsvRowsAreRefusedByLineNumberAndNothingIsWritten) {
  const std::string csv = std::string(kHeader) +                             // line 1
                          Row("1", "1.1", "labour", "date", "2027-03-15") +  // line 2: good
                          "nap-2027,Plan 2027 az,Plan 2027,2027-01-01,2030-12-31,1,Tədbir 1,Measure 1,1.2,Tapşırıq,"
                          "\"two\nlines\",labour,date,2027-04-01,,\n" +                   // lines 3-4: good
                          Row("1", "1.3", "labour;no_such_body", "date", "2027-05-01") +  // line 5: unknown agency
                          Row("1", "1.4", "labour", "date", "2027-02-30") +               // line 6: no such date
                          Row("1", "1.1", "labour", "ongoing", "", "weekly") +  // line 7: duplicate, bad cadence
                          Row("2", "3.1", "mia", "date", "2027-05-01") +        // line 8: number not under item 2
                          Row("x", "x.1", "mia", "date", "2027-05-01");         // line 9: item not a number
  auto admin = As("coordinator", "coordinator");
  auto out = plans_->Import(&admin, csv, PlanFormat::kCsv, false);
  ASSERT_TRUE(out) << out.error().message;
  std::map<int, std::vector<std::string>> by_line;
  for (const auto& p : out->problems) by_line[p.line].push_back(p.field + ": " + p.message);
  std::set<int> lines;
  for (const auto& [l, m] : by_line) lines.insert(l);
  // Every bad line at once, the unknown agency of line 5 included.
  EXPECT_EQ(lines, (std::set<int>{5, 6, 7, 8, 9})) << ::testing::PrintToString(by_line);
  EXPECT_FALSE(out->plan);
  EXPECT_EQ(Count("plans"), 0);
  EXPECT_EQ(Count("plan_tasks"), 0);

  // With the format errors fixed, the unknown agency is refused by its line.
  const std::string csv2 = std::string(kHeader) + Row("1", "1.1", "labour", "date", "2027-03-15") +
                           Row("1", "1.2", "labour;no_such_body", "date", "2027-05-01") +
                           Row("2", "2.1", "mars", "date", "2027-05-01");
  auto out2 = plans_->Import(&admin, csv2, PlanFormat::kCsv, false);
  ASSERT_TRUE(out2);
  ASSERT_EQ(out2->problems.size(), 2u);
  EXPECT_EQ(out2->problems[0].line, 3);
  EXPECT_NE(out2->problems[0].message.find("no_such_body"), std::string::npos);
  EXPECT_EQ(out2->problems[1].line, 4);
  EXPECT_EQ(Count("plans"), 0);
  EXPECT_EQ(Count("plan_tasks"), 0);
  EXPECT_EQ(Count("plan_items"), 0);
}

TEST_P(ImportTest, BadJsonIsLocatedByPointerAndLine) {
  const std::string doc =
      "{\n"                                                                                                 // 1
      "  \"plan\": {\"code\": \"x-1\", \"title\": {\"en\": \"X\"}, \"period_start\": \"2027-01-01\"},\n"    // 2
      "  \"items\": [\n"                                                                                    // 3
      "    {\"number\": 1, \"measure\": {\"en\": \"M\"}, \"responsible\": [\"labour\"],\n"                  // 4
      "     \"tasks\": [\n"                                                                                 // 5
      "       {\"number\": \"1.1\", \"text\": {\"en\": \"ok\"}, \"deadline\": {\"kind\": \"ongoing\"}},\n"  // 6
      "       {\"number\": \"1.2\", \"text\": {\"en\": \"bad\"},\n"                                         // 7
      "        \"deadline\": {\"kind\": \"date\", \"due\": \"soon\"}, \"colour\": 1}\n"                     // 8
      "     ]}\n"                                                                                           // 9
      "  ]\n"
      "}\n";
  auto admin = As("coordinator", "coordinator");
  auto out = plans_->Import(&admin, doc, PlanFormat::kJson, false);
  ASSERT_TRUE(out);
  ASSERT_EQ(out->problems.size(), 1u) << out->problems[0].field;
  EXPECT_EQ(out->problems[0].field, "items/0/tasks/1/colour");
  EXPECT_EQ(out->problems[0].line, 7);
  // Fix the unknown field: the bad date is then reported at the task's line.
  std::string fixed = doc;
  fixed.replace(fixed.find(", \"colour\": 1"), 13, "");
  out = plans_->Import(&admin, fixed, PlanFormat::kJson, false);
  ASSERT_TRUE(out);
  ASSERT_EQ(out->problems.size(), 1u);
  EXPECT_EQ(out->problems[0].field, "items/0/tasks/1/deadline/due");
  EXPECT_EQ(out->problems[0].line, 7);
  EXPECT_EQ(Count("plans"), 0);

  auto syntax = plans_->Import(&admin, "{\n\"plan\": {,\n}", PlanFormat::kJson, false);
  ASSERT_TRUE(syntax);
  ASSERT_EQ(syntax->problems.size(), 1u);
  EXPECT_EQ(syntax->problems[0].line, 2);
}

// Hostile documents (issue 9): refused as located problems, never an error
// or an exception, in time linear in their size. The CLI reads files through
// the same PlanService::Import.
TEST_P(ImportTest, DeepOrHugeDocumentsAreRefusedAtOnceByLine) {
  auto admin = As("coordinator", "coordinator");
  auto refused = [&](const std::string& doc, const std::string& why) {
    const auto start = std::chrono::steady_clock::now();
    auto out = plans_->Import(&admin, doc, PlanFormat::kJson, false);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(ms, 500) << why;
    if (!out) return ADD_FAILURE() << why << ": " << out.error().message;
    ASSERT_EQ(out->problems.size(), 1u) << why;
    EXPECT_EQ(out->problems[0].line, 1) << why;
    EXPECT_NE(out->problems[0].message.find(why), std::string::npos) << out->problems[0].message;
  };
  std::string deep;
  for (int i = 0; i < 20000; ++i) deep += "{\"a\":";
  refused(deep, "nested deeper than 16 levels");
  refused(std::string(100000, '['), "nested deeper than 16 levels");
  std::string many = "[";
  for (int i = 0; i < 300000; ++i) many += "0,";
  refused(many + "0]", "more than 250000 values");
  EXPECT_EQ(Count("plans"), 0);
}

TEST_P(ImportTest, WideDocumentsWithLongPointersAreScannedInLinearTime) {
  // 14 levels of 120-byte keys around 200,000 objects: before, every object
  // cost a walk of the whole path and a copy of it; now a step each.
  std::string doc;
  for (int i = 0; i < 14; ++i) doc += "{\"" + std::string(120, 'k') + "\":";
  doc += "[";
  for (int i = 0; i < 200000; ++i) doc += i ? ",{}" : "{}";
  doc += "]";
  for (int i = 0; i < 14; ++i) doc += "}";
  auto admin = As("coordinator", "coordinator");
  const auto start = std::chrono::steady_clock::now();
  auto out = plans_->Import(&admin, doc, PlanFormat::kJson, false);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(out) << out.error().message;
  ASSERT_FALSE(out->problems.empty());
  EXPECT_EQ(out->problems[0].field, std::string(60, 'k')) << out->problems[0].message;
  EXPECT_LT(ms, 2000);
}

TEST_P(ImportTest, NumbersOutOfRangeAndSyntaxErrorsAreProblemsWithTheirLine) {
  auto admin = As("coordinator", "coordinator");
  for (const std::string& number : {std::string("1e999"), std::string(400, '9'), std::string("-1e400")}) {
    const std::string doc = "{\n\"plan\": {\"code\": \"x\"},\n\"items\": [{\"number\": " + number + "}]}";
    auto out = plans_->Import(&admin, doc, PlanFormat::kJson, false);
    ASSERT_TRUE(out) << number << ": " << out.error().message;
    ASSERT_EQ(out->problems.size(), 1u) << number;
    EXPECT_EQ(out->problems[0].line, 3) << number;
    EXPECT_EQ(out->problems[0].message, "a number is out of range") << number;
  }
  for (const std::string doc : {"{\"plan\": \"\\ud800\"}", "{\"a\": \"\xff\"}", "", "{", "nul"}) {
    auto out = plans_->Import(&admin, doc, PlanFormat::kJson, true);
    ASSERT_TRUE(out) << doc;
    ASSERT_EQ(out->problems.size(), 1u) << doc;
    EXPECT_EQ(out->problems[0].message, "not valid JSON") << doc;
    EXPECT_EQ(out->problems[0].line, 1) << doc;
  }
}

TEST_P(ImportTest, DryRunWritesNothingAndOnlyPlanManagersImport) {
  const std::string csv = std::string(kHeader) + Row("1", "1.1", "labour", "date", "2027-03-15");
  auto admin = As("coordinator", "coordinator");
  auto dry = plans_->Import(&admin, csv, PlanFormat::kCsv, true);
  ASSERT_TRUE(dry && dry->problems.empty());
  EXPECT_TRUE(dry->dry_run);
  EXPECT_FALSE(dry->plan);
  EXPECT_EQ(dry->tasks, 1);
  EXPECT_EQ(Count("plans"), 0);
  auto focal = As("ministry_focal", "labour");
  auto refused = plans_->Import(&focal, csv, PlanFormat::kCsv, false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(Count("plans"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportTest, ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         store::testing::ParamName);

}  // namespace
}  // namespace nrm::plan
