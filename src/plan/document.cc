#include "plan/document.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "plan/calendar.h"
#include "text/bounded.h"

namespace nrm::plan {

namespace {

using nlohmann::json;

// ---------------------------------------------------------------- JSON lines
// nlohmann/json keeps no source positions, so a small scanner records the
// line on which every object starts, keyed by its JSON pointer
// ("items/3/tasks/2"). It runs only over text that already parsed.
std::map<std::string, int> ObjectLines(std::string_view s) {
  struct Frame {
    bool array = false;
    int index = -1;
    std::string key;
    bool expect_key = false;
  };
  std::map<std::string, int> lines;
  std::vector<Frame> stack;
  int line = 1;
  auto path = [&]() {
    std::string p;
    for (const auto& f : stack) {
      if (!p.empty() || &f != &stack.front()) p += "/";
      p += f.array ? std::to_string(f.index) : f.key;
    }
    if (!p.empty() && p[0] == '/') p.erase(0, 1);
    return p;
  };
  auto value_starts = [&]() {
    if (!stack.empty() && stack.back().array) ++stack.back().index;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\n') {
      ++line;
    } else if (c == '{' || c == '[') {
      value_starts();
      if (c == '{') lines[path()] = line;
      stack.push_back(Frame{c == '[', -1, "", c == '{'});
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
    } else if (c == ',') {
      if (!stack.empty() && !stack.back().array) stack.back().expect_key = true;
    } else if (c == '"') {
      std::string text;
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\') {
          ++i;
          continue;
        }
        if (s[i] == '\n') ++line;
        text += s[i];
      }
      if (!stack.empty() && !stack.back().array && stack.back().expect_key) {
        stack.back().key = text;
        stack.back().expect_key = false;
      } else {
        value_starts();
      }
    } else if (c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n') {
      value_starts();
      while (i + 1 < s.size() && std::string_view(",]}\n\r\t ").find(s[i + 1]) == std::string_view::npos) ++i;
    }
  }
  return lines;
}

struct JsonReader {
  std::vector<ImportProblem>& problems;
  const std::map<std::string, int>& lines;

  int LineOf(const std::string& pointer) const {
    std::string p = pointer;
    while (true) {
      if (auto it = lines.find(p); it != lines.end()) return it->second;
      const auto slash = p.rfind('/');
      if (slash == std::string::npos) return lines.count("") ? lines.at("") : 0;
      p.erase(slash);
    }
  }
  void Problem(const std::string& field, std::string message) {
    problems.push_back({LineOf(field), field, std::move(message)});
  }
  void Fields(const json& o, const std::string& at, std::initializer_list<const char*> allowed) {
    for (const auto& [k, v] : o.items()) {
      (void)v;
      if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return k == a; }))
        Problem(at.empty() ? k.substr(0, 60) : at + "/" + k.substr(0, 60), "unknown field");
    }
  }
  std::optional<std::string> Str(const json& o, const char* key, const std::string& at, bool required,
                                 size_t max = 200) {
    const std::string f = at.empty() ? key : at + "/" + key;
    if (!o.contains(key) || o[key].is_null()) {
      if (required) Problem(f, "is required");
      return std::nullopt;
    }
    if (!o[key].is_string()) {
      Problem(f, "must be a string");
      return std::nullopt;
    }
    std::string v = o[key].get<std::string>();
    if (v.size() > max) {
      Problem(f, "is longer than " + std::to_string(max) + " bytes");
      return std::nullopt;
    }
    return v;
  }
  bool Bool(const json& o, const char* key, const std::string& at) {
    if (!o.contains(key) || o[key].is_null()) return false;
    if (!o[key].is_boolean()) {
      Problem(at + "/" + key, "must be true or false");
      return false;
    }
    return o[key].get<bool>();
  }
  std::optional<Text> TextOf(const json& o, const char* key, const std::string& at, bool required) {
    const std::string f = at.empty() ? key : at + "/" + key;
    if (!o.contains(key) || o[key].is_null()) {
      if (required) Problem(f, "is required");
      return std::nullopt;
    }
    const json& t = o[key];
    if (!t.is_object()) {
      Problem(f, "must be an object {\"az\": ..., \"en\": ...}");
      return std::nullopt;
    }
    Fields(t, f, {"az", "en"});
    Text out;
    out.az = Str(t, "az", f, false, kMaxPlanTextBytes);
    out.en = Str(t, "en", f, false, kMaxPlanTextBytes);
    return out;
  }
  std::vector<std::string> Codes(const json& o, const char* key, const std::string& at, bool required) {
    std::vector<std::string> out;
    const std::string f = at + "/" + key;
    if (!o.contains(key) || o[key].is_null()) {
      if (required) Problem(f, "is required");
      return out;
    }
    if (!o[key].is_array()) {
      Problem(f, "must be an array of agency codes");
      return out;
    }
    for (const auto& c : o[key]) {
      if (!c.is_string() || c.get<std::string>().size() > 64) {
        Problem(f, "must be an array of agency codes");
        return {};
      }
      out.push_back(c.get<std::string>());
    }
    return out;
  }
  std::optional<Deadline> DeadlineOf(const json& o, const std::string& at, bool required) {
    const std::string f = at + "/deadline";
    if (!o.contains("deadline") || o["deadline"].is_null()) {
      if (required) Problem(f, "is required");
      return std::nullopt;
    }
    const json& d = o["deadline"];
    if (!d.is_object()) {
      Problem(f, "must be an object");
      return std::nullopt;
    }
    Fields(d, f, {"kind", "text", "due", "reporting_cadence"});
    Deadline out;
    out.kind = Str(d, "kind", f, true, 16).value_or("");
    out.due = Str(d, "due", f, false, 16);
    out.cadence = Str(d, "reporting_cadence", f, false, 16);
    if (auto t = TextOf(d, "text", f, false)) out.text = *t;
    return out;
  }
};

// --------------------------------------------------------------------- CSV
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

// RFC 4180: quoted fields may hold commas, quotes ("") and line breaks; a
// record's line is the line it starts on.
bool ReadCsv(std::string_view s, std::vector<CsvRecord>& out, std::vector<ImportProblem>& problems) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  int line = 1;
  size_t i = 0;
  while (i < s.size()) {
    CsvRecord rec;
    rec.line = line;
    std::string field;
    bool done = false;
    while (!done) {
      if (i < s.size() && s[i] == '"') {
        const int start_line = line;
        ++i;
        bool closed = false;
        while (i < s.size()) {
          if (s[i] == '"') {
            if (i + 1 < s.size() && s[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (s[i] == '\n') ++line;
          field += s[i++];
        }
        if (!closed) {
          problems.push_back({start_line, "", "a quoted field is not closed"});
          return false;
        }
        if (i < s.size() && s[i] != ',' && s[i] != '\n' && s[i] != '\r') {
          problems.push_back({line, "", "text after a closing quote"});
          return false;
        }
      }
      while (i < s.size() && s[i] != ',' && s[i] != '\n' && s[i] != '\r') field += s[i++];
      rec.fields.push_back(std::move(field));
      field.clear();
      if (i >= s.size()) {
        done = true;
      } else if (s[i] == ',') {
        ++i;
      } else {
        if (s[i] == '\r') ++i;
        if (i < s.size() && s[i] == '\n') ++i;
        ++line;
        done = true;
      }
    }
    const bool blank = std::all_of(rec.fields.begin(), rec.fields.end(), [](const std::string& f) {
      return f.find_first_not_of(" \t") == std::string::npos;
    });
    if (!blank) out.push_back(std::move(rec));
  }
  return true;
}

std::string Trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::optional<std::string> NonEmpty(std::string s) {
  s = Trim(std::move(s));
  if (s.empty()) return std::nullopt;
  return s;
}

// -------------------------------------------------------------- validation
const std::regex& CodePattern() {
  static const std::regex re("^[a-z0-9][a-z0-9_.-]{0,63}$");
  return re;
}

bool HasText(const Text& t) { return (t.az && !Trim(*t.az).empty()) || (t.en && !Trim(*t.en).empty()); }

void CheckDeadline(Deadline& d, const std::string& field, int line, std::vector<ImportProblem>& problems) {
  auto problem = [&](const std::string& f, std::string m) { problems.push_back({line, f, std::move(m)}); };
  if (d.cadence && !ParseCadence(*d.cadence)) {
    problem(field + "/reporting_cadence", "must be monthly, quarterly, semiannual or annual");
    d.cadence.reset();
  }
  if (d.kind == "ongoing") {
    if (d.due) problem(field + "/due", "an ongoing deadline has no due date");
    if (!d.cadence) d.cadence = "quarterly";
  } else if (d.kind == "date") {
    if (!d.due)
      problem(field + "/due", "a date deadline needs a due date (YYYY-MM-DD)");
    else if (!ParseDate(*d.due))
      problem(field + "/due", "must be a date YYYY-MM-DD");
  } else if (d.kind == "month") {
    std::optional<Day> end;
    if (d.due && d.due->size() == 7)
      end = ParseMonthEnd(*d.due);
    else if (d.due && ParseDate(*d.due))
      end = ParseMonthEnd(d.due->substr(0, 7));
    if (!end)
      problem(field + "/due", "a month deadline needs a month YYYY-MM");
    else
      d.due = FormatDate(*end);  // due on the last day of the month
  } else {
    problem(field + "/kind", "must be date, month or ongoing");
  }
}

Deadline Summarise(const std::vector<TaskSpec>& tasks) {
  Deadline d;
  if (tasks.empty()) {
    d.kind = "ongoing";
    d.cadence = "quarterly";
    return d;
  }
  bool same = true;
  bool any_ongoing = false;
  std::optional<std::string> latest;
  std::vector<std::string> texts_az, texts_en;
  for (const auto& t : tasks) {
    const auto& x = t.deadline;
    same = same && x.kind == tasks[0].deadline.kind && x.due == tasks[0].deadline.due &&
           x.cadence == tasks[0].deadline.cadence;
    any_ongoing = any_ongoing || x.kind == "ongoing";
    if (x.due && (!latest || *x.due > *latest)) latest = x.due;
    if (x.text.az && std::find(texts_az.begin(), texts_az.end(), *x.text.az) == texts_az.end())
      texts_az.push_back(*x.text.az);
    if (x.text.en && std::find(texts_en.begin(), texts_en.end(), *x.text.en) == texts_en.end())
      texts_en.push_back(*x.text.en);
  }
  if (same) return tasks[0].deadline;
  d.kind = latest ? "date" : "ongoing";
  d.due = latest;
  if (any_ongoing) d.cadence = "quarterly";
  auto join = [](const std::vector<std::string>& v) -> std::optional<std::string> {
    if (v.empty()) return std::nullopt;
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  };
  d.text = Text{join(texts_az), join(texts_en)};
  return d;
}

}  // namespace

void ValidatePlanSpec(PlanSpec& spec, std::vector<ImportProblem>& problems) {
  auto top = [&](const std::string& f, std::string m) { problems.push_back({0, f, std::move(m)}); };
  if (!std::regex_match(spec.code, CodePattern()))
    top("plan/code", "must be 1-64 of a-z 0-9 _ . - starting with a letter or digit");
  if (!HasText(spec.title)) top("plan/title", "needs an az or en title");
  const auto start = ParseDate(spec.period_start);
  if (!start) top("plan/period_start", "must be a date YYYY-MM-DD");
  if (spec.period_end) {
    const auto end = ParseDate(*spec.period_end);
    if (!end)
      top("plan/period_end", "must be a date YYYY-MM-DD or null");
    else if (start && *end < *start)
      top("plan/period_end", "is before period_start");
  }
  if (spec.status != "draft" && spec.status != "active" && spec.status != "closed")
    top("plan/status", "must be draft, active or closed");
  size_t task_total = 0;
  std::set<int> item_numbers;
  for (auto& item : spec.items) {
    auto problem = [&](int line, const std::string& f, std::string m) { problems.push_back({line, f, std::move(m)}); };
    if (item.number < 1 || item.number > 9999)
      problem(item.line, item.field + "/number", "must be 1..9999");
    else if (!item_numbers.insert(item.number).second)
      problem(item.line, item.field + "/number", "item " + std::to_string(item.number) + " appears twice");
    if (!HasText(item.measure)) problem(item.line, item.field + "/measure", "needs an az or en text");
    bool tasks_name_bodies = !item.tasks.empty();
    for (const auto& t : item.tasks) tasks_name_bodies = tasks_name_bodies && !t.responsible.empty();
    if (item.responsible.empty() && !tasks_name_bodies)
      problem(item.line, item.field + "/responsible", "names no responsible agency");
    std::set<std::string> task_numbers;
    const std::string prefix = std::to_string(item.number) + ".";
    for (auto& t : item.tasks) {
      ++task_total;
      static const std::regex number_re("^[0-9]{1,4}\\.[0-9]{1,4}$");
      if (!std::regex_match(t.number, number_re) || t.number.rfind(prefix, 0) != 0)
        problem(t.line, t.field + "/number", "must be \"" + prefix + "<n>\" (got \"" + t.number.substr(0, 20) + "\")");
      else if (!task_numbers.insert(t.number).second)
        problem(t.line, t.field + "/number", "task " + t.number + " appears twice");
      if (!HasText(t.text)) problem(t.line, t.field + "/text", "needs an az or en text");
      CheckDeadline(t.deadline, t.field + "/deadline", t.line, problems);
    }
    if (item.deadline)
      CheckDeadline(*item.deadline, item.field + "/deadline", item.line, problems);
    else
      item.deadline = Summarise(item.tasks);
  }
  if (task_total > kMaxPlanTasks) top("items", "more than " + std::to_string(kMaxPlanTasks) + " tasks");
}

ParsedPlan ParsePlanJson(std::string_view text) {
  ParsedPlan out;
  if (text.size() > kMaxPlanDocumentBytes) {
    out.problems.push_back({0, "", "the document is larger than 4 MiB"});
    return out;
  }
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    // Position -> line, for the one syntax error there is.
    int line = 1;
    for (size_t i = 0; i < std::min(e.byte, text.size()); ++i) line += text[i] == '\n';
    out.problems.push_back({line, "", "not valid JSON"});
    return out;
  }
  if (!doc.is_object()) {
    out.problems.push_back({1, "", "the document must be a JSON object {\"plan\": ..., \"items\": [...]}"});
    return out;
  }
  const auto lines = ObjectLines(text);
  JsonReader r{out.problems, lines};
  r.Fields(doc, "", {"plan", "items"});
  PlanSpec& spec = out.spec;
  if (!doc.contains("plan") || !doc["plan"].is_object()) {
    r.Problem("plan", "is required (an object)");
  } else {
    const json& p = doc["plan"];
    r.Fields(p, "plan", {"code", "title", "approved_by", "period_start", "period_end", "status"});
    spec.code = r.Str(p, "code", "plan", true, 64).value_or("");
    if (auto t = r.TextOf(p, "title", "plan", true)) spec.title = *t;
    spec.approved_by = r.TextOf(p, "approved_by", "plan", false);
    spec.period_start = r.Str(p, "period_start", "plan", true, 16).value_or("");
    spec.period_end = r.Str(p, "period_end", "plan", false, 16);
    spec.status = r.Str(p, "status", "plan", false, 16).value_or("active");
  }
  if (!doc.contains("items") || !doc["items"].is_array()) {
    r.Problem("items", "is required (an array)");
  } else {
    const json& items = doc["items"];
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string at = "items/" + std::to_string(i);
      const json& it = items[i];
      if (!it.is_object()) {
        r.Problem(at, "must be an object");
        continue;
      }
      r.Fields(it, at,
               {"number", "measure", "responsible", "responsible_text", "responsible_inferred", "restored_from",
                "deadline", "deadline_inferred", "tasks"});
      ItemSpec item;
      item.line = r.LineOf(at);
      item.field = at;
      if (!it.contains("number") || !it["number"].is_number_integer())
        r.Problem(at + "/number", "must be an integer");
      else
        item.number = static_cast<int>(std::clamp<int64_t>(it["number"].get<int64_t>(), -1, 100000));
      if (auto t = r.TextOf(it, "measure", at, true)) item.measure = *t;
      item.responsible = r.Codes(it, "responsible", at, false);
      item.responsible_text = r.TextOf(it, "responsible_text", at, false);
      item.responsible_inferred = r.Bool(it, "responsible_inferred", at);
      item.restored_from = r.Str(it, "restored_from", at, false, 64);
      item.deadline = r.DeadlineOf(it, at, false);
      item.deadline_inferred = r.Bool(it, "deadline_inferred", at);
      if (!it.contains("tasks") || !it["tasks"].is_array()) {
        r.Problem(at + "/tasks", "is required (an array)");
      } else {
        const json& tasks = it["tasks"];
        for (size_t j = 0; j < tasks.size(); ++j) {
          const std::string tat = at + "/tasks/" + std::to_string(j);
          const json& tj = tasks[j];
          if (!tj.is_object()) {
            r.Problem(tat, "must be an object");
            continue;
          }
          r.Fields(tj, tat, {"number", "text", "responsible", "deadline", "deadline_inferred", "internal"});
          TaskSpec t;
          t.line = r.LineOf(tat);
          t.field = tat;
          t.number = r.Str(tj, "number", tat, true, 16).value_or("");
          if (auto x = r.TextOf(tj, "text", tat, true)) t.text = *x;
          t.responsible = r.Codes(tj, "responsible", tat, false);
          if (auto d = r.DeadlineOf(tj, tat, true)) t.deadline = *d;
          t.deadline_inferred = r.Bool(tj, "deadline_inferred", tat);
          t.internal = r.Bool(tj, "internal", tat);
          item.tasks.push_back(std::move(t));
        }
      }
      spec.items.push_back(std::move(item));
    }
  }
  if (out.problems.empty()) ValidatePlanSpec(spec, out.problems);
  return out;
}

ParsedPlan ParsePlanCsv(std::string_view text) {
  ParsedPlan out;
  if (text.size() > kMaxPlanDocumentBytes) {
    out.problems.push_back({0, "", "the document is larger than 4 MiB"});
    return out;
  }
  if (!text::IsValidUtf8(text, text::Nul::kRefused)) {
    out.problems.push_back({0, "", "the document is not UTF-8 text"});
    return out;
  }
  std::vector<CsvRecord> records;
  if (!ReadCsv(text, records, out.problems)) return out;
  if (records.empty()) {
    out.problems.push_back({1, "", "the file is empty: a header line is required"});
    return out;
  }
  static const std::vector<std::string> kColumns = {"plan_code",     "plan_title_az", "plan_title_en", "period_start",
                                                    "period_end",    "item",          "measure_az",    "measure_en",
                                                    "task",          "text_az",       "text_en",       "responsible",
                                                    "deadline_kind", "due",           "cadence",       "internal"};
  static const std::set<std::string> kRequired = {"plan_code", "plan_title_en", "period_start",
                                                  "item",      "measure_en",    "task",
                                                  "text_en",   "responsible",   "deadline_kind"};
  std::map<std::string, size_t> col;
  const CsvRecord& header = records[0];
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name = Trim(header.fields[i]);
    if (std::find(kColumns.begin(), kColumns.end(), name) == kColumns.end())
      out.problems.push_back({header.line, name.substr(0, 40), "unknown column"});
    else if (!col.emplace(name, i).second)
      out.problems.push_back({header.line, name, "column appears twice"});
  }
  for (const auto& r : kRequired)
    if (!col.count(r)) out.problems.push_back({header.line, r, "required column is missing"});
  if (!out.problems.empty()) return out;
  if (records.size() == 1) {
    out.problems.push_back({header.line, "", "no task rows after the header"});
    return out;
  }

  PlanSpec& spec = out.spec;
  std::map<int, size_t> item_index;
  std::map<int, int> item_first_line;
  int plan_line = 0;
  for (size_t ri = 1; ri < records.size(); ++ri) {
    const CsvRecord& rec = records[ri];
    auto get = [&](const char* name) -> std::string {
      auto it = col.find(name);
      if (it == col.end() || it->second >= rec.fields.size()) return "";
      return Trim(rec.fields[it->second]);
    };
    auto problem = [&](const std::string& f, std::string m) { out.problems.push_back({rec.line, f, std::move(m)}); };
    if (rec.fields.size() != header.fields.size()) {
      problem("", "has " + std::to_string(rec.fields.size()) + " fields; the header has " +
                      std::to_string(header.fields.size()));
      continue;
    }
    bool too_long = false;
    for (size_t i = 0; i < rec.fields.size(); ++i)
      if (rec.fields[i].size() > kMaxPlanTextBytes) {
        problem(Trim(header.fields[i]), "is longer than " + std::to_string(kMaxPlanTextBytes) + " bytes");
        too_long = true;
      }
    if (too_long) continue;
    // Plan columns: the same on every row.
    PlanSpec row_plan;
    row_plan.code = get("plan_code");
    row_plan.title = Text{NonEmpty(get("plan_title_az")), NonEmpty(get("plan_title_en"))};
    row_plan.period_start = get("period_start");
    row_plan.period_end = NonEmpty(get("period_end"));
    if (plan_line == 0) {
      plan_line = rec.line;
      spec.code = row_plan.code;
      spec.title = row_plan.title;
      spec.period_start = row_plan.period_start;
      spec.period_end = row_plan.period_end;
    } else if (row_plan.code != spec.code || !(row_plan.title == spec.title) ||
               row_plan.period_start != spec.period_start || row_plan.period_end != spec.period_end) {
      problem("plan_code",
              "the plan columns differ from line " + std::to_string(plan_line) + " (one file holds one plan)");
    }
    // Item.
    const std::string item_text = get("item");
    int number = 0;
    static const std::regex int_re("^[0-9]{1,4}$");
    if (!std::regex_match(item_text, int_re) || (number = std::stoi(item_text)) < 1) {
      problem("item", "must be an item number 1..9999");
      continue;
    }
    const Text measure{NonEmpty(get("measure_az")), NonEmpty(get("measure_en"))};
    auto found = item_index.find(number);
    if (found == item_index.end()) {
      ItemSpec item;
      item.number = number;
      item.measure = measure;
      item.line = rec.line;
      item.field = "item";
      found = item_index.emplace(number, spec.items.size()).first;
      item_first_line[number] = rec.line;
      spec.items.push_back(std::move(item));
    } else if (!(spec.items[found->second].measure == measure)) {
      problem("measure_en",
              "item " + item_text + " has another measure on line " + std::to_string(item_first_line[number]));
    }
    ItemSpec& item = spec.items[found->second];
    // Task.
    TaskSpec t;
    t.line = rec.line;
    t.field = "task";
    t.number = get("task");
    t.text = Text{NonEmpty(get("text_az")), NonEmpty(get("text_en"))};
    std::string codes = get("responsible");
    size_t pos = 0;
    while (pos <= codes.size()) {
      const size_t next = codes.find(';', pos);
      std::string c = Trim(codes.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
      if (!c.empty()) t.responsible.push_back(c);
      if (next == std::string::npos) break;
      pos = next + 1;
    }
    if (t.responsible.empty()) problem("responsible", "names no agency (codes separated by ;)");
    for (const auto& c : t.responsible)
      if (std::find(item.responsible.begin(), item.responsible.end(), c) == item.responsible.end())
        item.responsible.push_back(c);
    t.deadline.kind = get("deadline_kind");
    t.deadline.due = NonEmpty(get("due"));
    t.deadline.cadence = NonEmpty(get("cadence"));
    const std::string internal = get("internal");
    if (internal == "1" || internal == "true" || internal == "yes")
      t.internal = true;
    else if (!internal.empty() && internal != "0" && internal != "false" && internal != "no")
      problem("internal", "must be empty, 0/1, true/false or yes/no");
    item.tasks.push_back(std::move(t));
  }
  // Column names stand in for JSON pointers in CSV problems.
  std::vector<ImportProblem> checks;
  ValidatePlanSpec(spec, checks);
  for (auto& p : checks) {
    if (p.field.rfind("plan/", 0) == 0) {
      static const std::map<std::string, std::string> kPlanCol = {{"plan/code", "plan_code"},
                                                                  {"plan/title", "plan_title_en"},
                                                                  {"plan/period_start", "period_start"},
                                                                  {"plan/period_end", "period_end"}};
      auto it = kPlanCol.find(p.field);
      p.field = it != kPlanCol.end() ? it->second : p.field;
      p.line = plan_line;
    } else {
      const auto slash = p.field.find('/');
      const std::string what = slash == std::string::npos ? "" : p.field.substr(slash + 1);
      if (what == "number")
        p.field = p.field.rfind("item", 0) == 0 ? "item" : "task";
      else if (what == "text")
        p.field = "text_en";
      else if (what == "measure")
        p.field = "measure_en";
      else if (what == "responsible")
        p.field = "responsible";
      else if (what.rfind("deadline/due", 0) == 0)
        p.field = "due";
      else if (what.rfind("deadline/kind", 0) == 0)
        p.field = "deadline_kind";
      else if (what.rfind("deadline/reporting_cadence", 0) == 0)
        p.field = "cadence";
    }
    out.problems.push_back(std::move(p));
  }
  std::stable_sort(out.problems.begin(), out.problems.end(),
                   [](const ImportProblem& a, const ImportProblem& b) { return a.line < b.line; });
  return out;
}

}  // namespace nrm::plan
