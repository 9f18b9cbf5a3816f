// XLSX rendering with libxlsxwriter: one sheet per section, native charts.
// libxlsxwriter 1.1.4 writes only to a file, so the workbook goes to a
// private temporary file that is read back and removed.
#include <xlsxwriter.h>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "partners/catalogue.h"
#include "reports/labels.h"
#include "reports/render.h"

namespace nrm::reports {

namespace {

struct Sheet {
  lxw_worksheet* ws;
  std::string name;
  lxw_format* head;
  lxw_row_t row = 0;

  void Heads(const std::vector<std::string>& heads) {
    for (size_t c = 0; c < heads.size(); ++c)
      worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), heads[c].c_str(), head);
    ++row;
  }
  void Str(lxw_col_t c, const std::string& s) { worksheet_write_string(ws, row, c, s.c_str(), nullptr); }
  void Num(lxw_col_t c, double v, lxw_format* f = nullptr) { worksheet_write_number(ws, row, c, v, f); }
};

// A native chart over rows [first, last] of `sheet`: categories in column
// `cat_col`, one series per entry of `value_cols`.
void AddChart(lxw_workbook* wb, Sheet& sheet, uint8_t type, const std::string& title, lxw_row_t first, lxw_row_t last,
              lxw_col_t cat_col, const std::vector<std::pair<lxw_col_t, std::string>>& value_cols, lxw_row_t at_row,
              lxw_col_t at_col) {
  if (last < first) return;
  lxw_chart* chart = workbook_add_chart(wb, type);
  for (const auto& [col, name] : value_cols) {
    lxw_chart_series* s = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(s, sheet.name.c_str(), first, cat_col, last, cat_col);
    chart_series_set_values(s, sheet.name.c_str(), first, col, last, col);
    chart_series_set_name(s, name.c_str());
  }
  chart_title_set_name(chart, title.c_str());
  worksheet_insert_chart(sheet.ws, at_row, at_col, chart);
}

double Scale(bool money, const std::string& currency) {
  double s = 1;
  if (money)
    for (int d = partners::MinorDigits(currency); d > 0; --d) s *= 10;
  return s;
}

}  // namespace

Result<std::string> RenderXlsx(const AnnualReport& r, const Progress& progress) {
  const char* tmpdir = std::getenv("TMPDIR");
  std::string path = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/nrm-report-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return Fail(ErrorCode::kUnavailable, "no room for a temporary file to build the workbook");
  ::close(fd);
  struct Unlink {
    std::string p;
    ~Unlink() { ::unlink(p.c_str()); }
  } unlink_later{path};

  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  options.tmpdir = nullptr;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  if (!wb) return Fail(ErrorCode::kInternal, "the workbook could not be started", "workbook_new_opt");
  const std::string& L = r.lang;
  auto lab = [&](const char* k) { return Label(k, L); };
  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 14);
  lxw_format* money2 = workbook_add_format(wb);
  format_set_num_format(money2, "#,##0.00");
  lxw_format* money0 = workbook_add_format(wb);
  format_set_num_format(money0, "#,##0");
  lxw_format* money3 = workbook_add_format(wb);
  format_set_num_format(money3, "#,##0.000");
  auto money_format = [&](bool money, const std::string& cur) {
    if (!money) return money0;
    const int d = partners::MinorDigits(cur);
    return d == 0 ? money0 : d == 3 ? money3 : money2;
  };
  auto add_sheet = [&](const char* key) {
    Sheet s{workbook_add_worksheet(wb, lab(key).c_str()), lab(key), head};
    worksheet_set_column(s.ws, 0, 0, 42, nullptr);
    worksheet_set_column(s.ws, 1, 8, 14, nullptr);
    return s;
  };

  // Summary.
  Sheet sum = add_sheet("summary");
  worksheet_write_string(sum.ws, sum.row++, 0, lab("title").c_str(), title);
  sum.Str(0, lab("subtitle"));
  ++sum.row;
  auto kv = [&](const std::string& k, const std::string& v) {
    sum.Str(0, k);
    sum.Str(1, v);
    ++sum.row;
  };
  auto kn = [&](const std::string& k, double v) {
    sum.Str(0, k);
    sum.Num(1, v);
    ++sum.row;
  };
  kn(lab("year"), r.year);
  kv(lab("generated"), r.generated_on);
  kv(lab("plan"), r.plan_title.empty() ? lab("no_plan") : r.plan_title);
  if (!r.as_of.empty()) kv(lab("as_of"), r.as_of);
  StatusCounts total;
  for (const auto& i : r.items) {
    total.total += i.counts.total;
    total.done += i.counts.done;
    total.overdue += i.counts.overdue;
  }
  kn(lab("tasks"), static_cast<double>(total.total));
  kn(lab("done"), static_cast<double>(total.done));
  kn(lab("overdue"), static_cast<double>(total.overdue));
  kn(lab("findings"), static_cast<double>(r.findings.recorded));
  kn(lab("meetings"), static_cast<double>(r.meetings.held));
  kn(lab("training_events"), static_cast<double>(r.training_events));
  kn(lab("participants"), static_cast<double>(r.training_participants));
  kn(lab("reach"), static_cast<double>(r.reach));
  ++sum.row;
  sum.Str(0, lab("no_personal_data"));
  if (progress) progress(15, "rendering");

  // Plan items, with a stacked column chart of task states.
  Sheet items = add_sheet("items");
  items.Heads({lab("item"), "", lab("tasks"), lab("not_started"), lab("in_progress"), lab("done"), lab("blocked"),
               lab("overdue")});
  worksheet_set_column(items.ws, 1, 1, 60, nullptr);
  const lxw_row_t items_first = items.row;
  for (const auto& i : r.items) {
    items.Str(0, i.number);
    items.Str(1, i.title);
    const int64_t v[] = {i.counts.total, i.counts.not_started, i.counts.in_progress,
                         i.counts.done,  i.counts.blocked,     i.counts.overdue};
    for (lxw_col_t c = 0; c < 6; ++c) items.Num(static_cast<lxw_col_t>(c + 2), static_cast<double>(v[c]));
    ++items.row;
  }
  AddChart(wb, items, LXW_CHART_COLUMN_STACKED, lab("chart_items"), items_first, items.row - 1, 0,
           {{3, lab("not_started")}, {4, lab("in_progress")}, {5, lab("done")}, {6, lab("blocked")}}, items.row + 1, 0);

  // Agencies.
  Sheet ag = add_sheet("agencies");
  ag.Heads({lab("agency"), lab("tasks"), lab("not_started"), lab("in_progress"), lab("done"), lab("blocked"),
            lab("overdue"), lab("reports_submitted"), lab("reports_accepted")});
  const lxw_row_t ag_first = ag.row;
  for (const auto& a : r.agencies) {
    ag.Str(0, a.agency);
    const int64_t v[] = {a.counts.total,   a.counts.not_started, a.counts.in_progress, a.counts.done,
                         a.counts.blocked, a.counts.overdue,     a.reports_submitted,  a.reports_accepted};
    for (lxw_col_t c = 0; c < 8; ++c) ag.Num(static_cast<lxw_col_t>(c + 1), static_cast<double>(v[c]));
    ++ag.row;
  }
  AddChart(wb, ag, LXW_CHART_BAR, lab("chart_agencies"), ag_first, ag.row - 1, 0,
           {{4, lab("done")}, {6, lab("overdue")}}, ag.row + 1, 0);

  // Indicators.
  Sheet ind = add_sheet("indicators");
  ind.Heads({lab("task"), lab("agency"), lab("period"), lab("indicator"), lab("target"), lab("value"), lab("measure")});
  for (const auto& i : r.indicators) {
    ind.Str(0, i.task);
    ind.Str(1, i.agency);
    ind.Str(2, i.period);
    ind.Str(3, i.name);
    if (i.target) ind.Num(4, *i.target);
    if (i.value) ind.Num(5, *i.value);
    ind.Str(6, i.unit);
    ++ind.row;
  }
  if (progress) progress(40, "rendering");

  // Findings and meetings.
  Sheet fm = add_sheet("findings_meetings");
  fm.Heads({lab("findings"), lab("recorded"), lab("answered"), lab("closed")});
  fm.Num(1, static_cast<double>(r.findings.recorded));
  fm.Num(2, static_cast<double>(r.findings.answered));
  fm.Num(3, static_cast<double>(r.findings.closed));
  fm.row += 2;
  fm.Heads({lab("open_by_body"), lab("findings")});
  const lxw_row_t fb_first = fm.row;
  for (const auto& f : r.findings.open_by_body) {
    fm.Str(0, f.label);
    fm.Num(1, static_cast<double>(f.value));
    ++fm.row;
  }
  const lxw_row_t fb_last = fm.row - 1;
  ++fm.row;
  fm.Heads({lab("meetings"), lab("held"), lab("scheduled"), lab("decisions"), lab("decisions_done")});
  fm.Num(1, static_cast<double>(r.meetings.held));
  fm.Num(2, static_cast<double>(r.meetings.scheduled));
  fm.Num(3, static_cast<double>(r.meetings.decisions));
  fm.Num(4, static_cast<double>(r.meetings.decisions_done));
  ++fm.row;
  AddChart(wb, fm, LXW_CHART_BAR, lab("open_by_body"), fb_first, fb_last, 0, {{1, lab("findings")}}, fm.row + 1, 0);

  // Resources: needs, then totals per measure with a chart.
  Sheet res = add_sheet("resources");
  res.Heads({lab("donors"), lab("pledges"), lab("deliveries")});
  res.Num(0, static_cast<double>(r.donors));
  res.Num(1, static_cast<double>(r.pledges));
  res.Num(2, static_cast<double>(r.deliveries));
  res.row += 2;
  res.Heads({lab("need"), lab("type"), lab("measure"), lab("required"), lab("pledged"), lab("delivered"), lab("gap")});
  for (const auto& n : r.needs) {
    const double s = Scale(n.money, n.currency_or_unit);
    lxw_format* f = money_format(n.money, n.currency_or_unit);
    res.Str(0, n.title);
    res.Str(1, n.type);
    res.Str(2, n.currency_or_unit);
    res.Num(3, static_cast<double>(n.required) / s, f);
    res.Num(4, static_cast<double>(n.pledged) / s, f);
    res.Num(5, static_cast<double>(n.delivered) / s, f);
    res.Num(6, static_cast<double>(n.gap) / s, f);
    ++res.row;
  }
  res.row += 1;
  res.Heads({lab("resource_totals"), lab("needs_count"), lab("measure"), lab("required"), lab("pledged"),
             lab("delivered"), lab("gap")});
  const lxw_row_t tot_first = res.row;
  for (const auto& t : r.resource_totals) {
    const double s = Scale(t.money, t.currency_or_unit);
    lxw_format* f = money_format(t.money, t.currency_or_unit);
    res.Str(0, t.currency_or_unit);
    res.Num(1, static_cast<double>(t.needs));
    res.Str(2, t.currency_or_unit);
    res.Num(3, static_cast<double>(t.required) / s, f);
    res.Num(4, static_cast<double>(t.pledged) / s, f);
    res.Num(5, static_cast<double>(t.delivered) / s, f);
    res.Num(6, static_cast<double>(t.gap) / s, f);
    ++res.row;
  }
  AddChart(wb, res, LXW_CHART_COLUMN, lab("chart_resources"), tot_first, res.row - 1, 0,
           {{3, lab("required")}, {5, lab("delivered")}, {6, lab("gap")}}, res.row + 1, 0);
  if (progress) progress(70, "rendering");

  // Training.
  Sheet tr = add_sheet("training");
  tr.Heads({lab("training_events"), lab("participants"), lab("evaluations"), lab("average_score"),
            lab("training_needs_open"), lab("training_needs_people")});
  tr.Num(0, static_cast<double>(r.training_events));
  tr.Num(1, static_cast<double>(r.training_participants));
  tr.Num(2, static_cast<double>(r.training_evaluations));
  if (r.training_average_score) tr.Num(3, *r.training_average_score);
  tr.Num(4, static_cast<double>(r.training_needs_open));
  tr.Num(5, static_cast<double>(r.training_needs_people));
  tr.row += 2;
  tr.Heads({lab("agency"), lab("participants")});
  const lxw_row_t pa_first = tr.row;
  for (const auto& l : r.participants_by_agency) {
    tr.Str(0, l.label);
    tr.Num(1, static_cast<double>(l.value));
    ++tr.row;
  }
  const lxw_row_t pa_last = tr.row - 1;
  tr.row += 1;
  tr.Heads({lab("topic"), lab("training_events")});
  const lxw_row_t tp_first = tr.row;
  for (const auto& l : r.events_by_topic) {
    tr.Str(0, l.label);
    tr.Num(1, static_cast<double>(l.value));
    ++tr.row;
  }
  const lxw_row_t tp_last = tr.row - 1;
  AddChart(wb, tr, LXW_CHART_BAR, lab("participants_by_agency"), pa_first, pa_last, 0, {{1, lab("participants")}}, 0,
           8);
  AddChart(wb, tr, LXW_CHART_BAR, lab("events_by_topic"), tp_first, tp_last, 0, {{1, lab("training_events")}}, 16, 8);

  // Awareness.
  Sheet aw = add_sheet("awareness");
  aw.Heads({lab("campaigns"), lab("activities"), lab("reach")});
  aw.Num(0, static_cast<double>(r.campaigns));
  aw.Num(1, static_cast<double>(r.activities));
  aw.Num(2, static_cast<double>(r.reach));
  aw.row += 2;
  aw.Heads({lab("kind"), lab("activities"), lab("reach")});
  const lxw_row_t k_first = aw.row;
  for (const auto& k : r.by_kind) {
    aw.Str(0, k.label);
    aw.Num(1, static_cast<double>(k.activities));
    aw.Num(2, static_cast<double>(k.reach));
    ++aw.row;
  }
  const lxw_row_t k_last = aw.row - 1;
  aw.row += 1;
  aw.Heads({lab("region"), lab("reach")});
  const lxw_row_t rg_first = aw.row;
  for (const auto& l : r.reach_by_region) {
    aw.Str(0, l.label);
    aw.Num(1, static_cast<double>(l.value));
    ++aw.row;
  }
  const lxw_row_t rg_last = aw.row - 1;
  AddChart(wb, aw, LXW_CHART_PIE, lab("reach_by_kind"), k_first, k_last, 0, {{2, lab("reach")}}, 0, 5);
  AddChart(wb, aw, LXW_CHART_BAR, lab("reach_by_region"), rg_first, rg_last, 0, {{1, lab("reach")}}, 16, 5);
  if (progress) progress(90, "rendering");

  const lxw_error e = workbook_close(wb);
  if (e != LXW_NO_ERROR) return Fail(ErrorCode::kInternal, "the workbook could not be written", lxw_strerror(e));
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return Fail(ErrorCode::kInternal, "the workbook could not be read back");
  if (progress) progress(100, "rendering");
  return bytes.str();
}

}  // namespace nrm::reports
