// PDF rendering with libharu: UTF-8 text in an embedded TrueType font, tables
// and horizontal bar charts drawn with path operators.
#include <hpdf.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "partners/catalogue.h"
#include "reports/labels.h"
#include "reports/render.h"

namespace nrm::reports {

std::string FormatCount(int64_t n) {
  const bool negative = n < 0;
  std::string digits = std::to_string(negative ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

std::string FormatMeasure(bool money, int64_t value, const std::string& currency_or_unit) {
  if (money) return partners::FormatMoney(value, currency_or_unit);
  return FormatCount(value) + " " + currency_or_unit;
}

Result<std::string> FindReportFont() {
  std::vector<std::string> candidates;
  std::error_code ec;
  if (const char* env = std::getenv("NRM_REPORT_FONT"); env && *env) {
    // An explicit font that is not there is a configuration error, not a
    // reason to print with another font. The message names no path: it may
    // reach the API (a failed report job).
    if (!std::filesystem::is_regular_file(env, ec))
      return Fail(ErrorCode::kUnavailable,
                  "the PDF font named by NRM_REPORT_FONT was not found: point it to a TrueType font with "
                  "Azerbaijani letters, or unset it to use DejaVuSans.ttf (fonts-dejavu-core)");
    return std::string(env);
  }
  for (const char* p : {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf",
                        "/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/local/share/fonts/DejaVuSans.ttf"})
    candidates.emplace_back(p);
  for (const auto& c : candidates)
    if (std::filesystem::is_regular_file(c, ec)) return c;
  return Fail(ErrorCode::kUnavailable,
              "the PDF font DejaVuSans.ttf was not found: install the Debian package fonts-dejavu-core "
              "(or set NRM_REPORT_FONT to a TrueType font with Azerbaijani letters)");
}

namespace {

constexpr float kPageW = 595.276f, kPageH = 841.89f, kMargin = 50.f;

struct HaruError {
  HPDF_STATUS code = 0, detail = 0;
};

void OnHaruError(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user) {
  auto* e = static_cast<HaruError*>(user);
  if (e->code == 0) {
    e->code = error_no;
    e->detail = detail_no;
  }
}

struct Rgb {
  float r, g, b;
};
constexpr Rgb kBlack{0, 0, 0}, kGrey{0.45f, 0.45f, 0.45f}, kLight{0.85f, 0.85f, 0.85f};
constexpr Rgb kPalette[] = {{0.20f, 0.45f, 0.70f}, {0.85f, 0.45f, 0.15f}, {0.30f, 0.65f, 0.35f}, {0.75f, 0.20f, 0.20f}};

// Bytes of the longest prefix of `s` (on a UTF-8 boundary) no wider than `w`,
// leaving room for "…" when `ellipsis`.
size_t FitPrefix(HPDF_Page page, const std::string& s, float w, bool ellipsis = true) {
  if (HPDF_Page_TextWidth(page, s.c_str()) <= w) return s.size();
  size_t end = s.size();
  while (end > 0) {
    do --end;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80);
    if (HPDF_Page_TextWidth(page, (s.substr(0, end) + (ellipsis ? "…" : "")).c_str()) <= w) return end;
  }
  return 0;
}

// `s` broken into lines no wider than `w` (the page's current font and size),
// at spaces where a word fits, else inside the word. At most `max_lines`; a
// text longer still ends its last line with "…".
std::vector<std::string> Wrap(HPDF_Page page, std::string s, float w, size_t max_lines) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  std::vector<std::string> lines;
  size_t at = 0;
  while (at < s.size() && s[at] == ' ') ++at;
  while (at < s.size()) {
    const std::string rest = s.substr(at);
    if (lines.size() + 1 == max_lines || HPDF_Page_TextWidth(page, rest.c_str()) <= w) {
      const size_t n = FitPrefix(page, rest, w);
      lines.push_back(n < rest.size() ? rest.substr(0, n) + "…" : rest);
      break;
    }
    size_t cut = FitPrefix(page, rest, w, false);
    if (const size_t space = rest.rfind(' ', cut); space != std::string::npos && space > 0) cut = space;
    if (cut == 0) {  // not even one character fits: take one anyway
      cut = 1;
      while (cut < rest.size() && (static_cast<unsigned char>(rest[cut]) & 0xC0) == 0x80) ++cut;
    }
    lines.push_back(rest.substr(0, cut));
    at += cut;
    while (at < s.size() && s[at] == ' ') ++at;
  }
  if (lines.empty()) lines.emplace_back();
  return lines;
}

class Writer {
 public:
  Writer(HPDF_Doc pdf, HPDF_Font font, std::string lang) : pdf_(pdf), font_(font), lang_(std::move(lang)) { NewPage(); }

  void NewPage() {
    page_ = HPDF_AddPage(pdf_);
    HPDF_Page_SetSize(page_, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    ++pages_;
    y_ = kPageH - kMargin;
    Text(kMargin, 25, Label("page", lang_) + " " + std::to_string(pages_), 8, kGrey);
  }
  void Need(float h) {
    if (y_ - h < kMargin) NewPage();
  }
  void Text(float x, float y, const std::string& s, float size, Rgb c = kBlack, float max_w = 0) {
    HPDF_Page_SetFontAndSize(page_, font_, size);
    std::string out = s;
    if (max_w > 0) {
      const size_t n = FitPrefix(page_, s, max_w);
      if (n < s.size()) out = s.substr(0, n) + "…";
    }
    HPDF_Page_SetRGBFill(page_, c.r, c.g, c.b);
    HPDF_Page_BeginText(page_);
    HPDF_Page_TextOut(page_, x, y, out.c_str());
    HPDF_Page_EndText(page_);
    HPDF_Page_SetRGBFill(page_, 0, 0, 0);
  }
  void Title(const std::string& s, float size) {
    Need(size + 10);
    y_ -= size;
    Text(kMargin, y_, s, size, kBlack, kPageW - 2 * kMargin);
    y_ -= 8;
  }
  void Heading(const std::string& s) {
    Need(60);
    y_ -= 10;
    Title(s, 14);
    Line(kMargin, y_ + 4, kPageW - kMargin, y_ + 4, kLight);
    y_ -= 4;
  }
  void Para(const std::string& s, float size = 10) {
    Need(size + 6);
    y_ -= size + 4;
    Text(kMargin, y_, s, size, kBlack, kPageW - 2 * kMargin);
  }
  void Line(float x1, float y1, float x2, float y2, Rgb c) {
    HPDF_Page_SetRGBStroke(page_, c.r, c.g, c.b);
    HPDF_Page_SetLineWidth(page_, 0.5f);
    HPDF_Page_MoveTo(page_, x1, y1);
    HPDF_Page_LineTo(page_, x2, y2);
    HPDF_Page_Stroke(page_);
  }
  void Rect(float x, float y, float w, float h, Rgb c) {
    HPDF_Page_SetRGBFill(page_, c.r, c.g, c.b);
    HPDF_Page_Rectangle(page_, x, y, w, h);
    HPDF_Page_Fill(page_);
    HPDF_Page_SetRGBFill(page_, 0, 0, 0);
  }
  // A table: the first column takes what the others leave. A cell's text
  // wraps onto as many lines as it needs (up to kMaxCellLines); the row is
  // as tall as its tallest cell.
  void Table(const std::vector<std::string>& heads, const std::vector<float>& widths,
             const std::vector<std::vector<std::string>>& rows) {
    constexpr size_t kMaxCellLines = 12;
    const float row_h = 14, line_h = 11;
    auto head = [&] {
      Need(row_h * 2);
      y_ -= row_h;
      float x = kMargin;
      for (size_t i = 0; i < heads.size(); ++i) {
        Text(x, y_, heads[i], 8, kGrey, widths[i] - 4);
        x += widths[i];
      }
      Line(kMargin, y_ - 3, kPageW - kMargin, y_ - 3, kLight);
    };
    head();
    if (rows.empty()) Para(Label("no_data", lang_), 9);
    for (const auto& r : rows) {
      HPDF_Page_SetFontAndSize(page_, font_, 9);
      std::vector<std::vector<std::string>> cells;
      size_t lines = 1;
      for (size_t i = 0; i < r.size() && i < widths.size(); ++i) {
        cells.push_back(Wrap(page_, r[i], widths[i] - 4, kMaxCellLines));
        lines = std::max(lines, cells.back().size());
      }
      const float h = row_h + line_h * static_cast<float>(lines - 1);
      if (y_ - h < kMargin) {
        NewPage();
        head();
      }
      y_ -= row_h;
      float x = kMargin;
      for (size_t i = 0; i < cells.size(); ++i) {
        for (size_t l = 0; l < cells[i].size(); ++l)
          Text(x, y_ - line_h * static_cast<float>(l), cells[i][l], 9, kBlack, widths[i] - 4);
        x += widths[i];
      }
      y_ -= line_h * static_cast<float>(lines - 1);
    }
    y_ -= 6;
  }
  struct Series {
    std::string name;
    std::vector<double> values;
  };
  // Horizontal grouped bars: one row per category, one bar per series.
  void BarChart(const std::string& title, const std::vector<std::string>& categories,
                const std::vector<Series>& series) {
    if (categories.empty()) return;
    const float label_w = 150, bar_h = 7, gap = 5;
    const float group_h = bar_h * static_cast<float>(series.size()) + gap;
    const float legend_h = 16;
    double max = 0;
    for (const auto& s : series)
      for (double v : s.values) max = std::max(max, v);
    if (max <= 0) max = 1;
    size_t i = 0;
    bool first = true;
    while (i < categories.size()) {
      Need(60);
      y_ -= 14;
      Text(kMargin, y_, first ? title : title + " (…)", 11, kBlack, kPageW - 2 * kMargin);
      first = false;
      // Legend.
      y_ -= legend_h;
      float lx = kMargin;
      for (size_t s = 0; s < series.size(); ++s) {
        Rect(lx, y_, 8, 8, kPalette[s % 4]);
        Text(lx + 11, y_ + 1, series[s].name, 8);
        HPDF_Page_SetFontAndSize(page_, font_, 8);
        lx += 24 + HPDF_Page_TextWidth(page_, series[s].name.c_str());
      }
      const float top = y_ - 4;
      const float plot_x = kMargin + label_w, plot_w = kPageW - kMargin - plot_x - 40;
      while (i < categories.size() && y_ - group_h > kMargin) {
        y_ -= group_h;
        Text(kMargin, y_ + group_h / 2 - 3, categories[i], 8, kBlack, label_w - 6);
        for (size_t s = 0; s < series.size(); ++s) {
          const double v = i < series[s].values.size() ? series[s].values[i] : 0;
          const float w = static_cast<float>(v / max) * plot_w;
          const float by = y_ + gap / 2 + bar_h * static_cast<float>(series.size() - 1 - s);
          if (w > 0) Rect(plot_x, by, w, bar_h - 1, kPalette[s % 4]);
          Text(plot_x + w + 3, by, FormatCount(static_cast<int64_t>(v)), 6, kGrey);
        }
        ++i;
      }
      Line(plot_x, y_, plot_x, top, kGrey);
      y_ -= 8;
    }
  }
  float& y() { return y_; }
  int pages() const { return pages_; }

 private:
  HPDF_Doc pdf_;
  HPDF_Font font_;
  HPDF_Page page_ = nullptr;
  std::string lang_;
  float y_ = 0;
  int pages_ = 0;
};

std::string Score(const std::optional<double>& v) {
  if (!v) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", *v);
  return buf;
}

std::string Number(const std::optional<double>& v) {
  if (!v) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", *v);
  return buf;
}

void Body(Writer& w, const AnnualReport& r, const Progress& progress) {
  const std::string& L = r.lang;
  auto lab = [&](const char* k) { return Label(k, L); };
  w.Title(lab("title"), 18);
  w.Para(lab("subtitle"), 11);
  w.Para(lab("year") + ": " + std::to_string(r.year) + "    " + lab("generated") + ": " + r.generated_on);
  w.Para(lab("plan") + ": " + (r.plan_title.empty() ? lab("no_plan") : r.plan_title) +
         (r.as_of.empty() ? "" : "    " + lab("as_of") + ": " + r.as_of));
  w.Para(lab("no_personal_data"), 9);
  if (progress) progress(10, "rendering");

  // Summary figures.
  StatusCounts total;
  for (const auto& i : r.items) {
    total.total += i.counts.total;
    total.done += i.counts.done;
    total.overdue += i.counts.overdue;
  }
  w.Heading(lab("summary"));
  w.Table({lab("tasks"), lab("done"), lab("overdue"), lab("findings"), lab("meetings"), lab("training_events"),
           lab("participants"), lab("reach")},
          {70, 60, 60, 60, 60, 60, 60, 65},
          {{FormatCount(total.total), FormatCount(total.done), FormatCount(total.overdue),
            FormatCount(r.findings.recorded), FormatCount(r.meetings.held), FormatCount(r.training_events),
            FormatCount(r.training_participants), FormatCount(r.reach)}});

  // Items.
  w.Heading(lab("items"));
  std::vector<std::vector<std::string>> rows;
  for (const auto& i : r.items)
    rows.push_back({i.number, i.title, FormatCount(i.counts.total), FormatCount(i.counts.not_started),
                    FormatCount(i.counts.in_progress), FormatCount(i.counts.done), FormatCount(i.counts.blocked),
                    FormatCount(i.counts.overdue)});
  w.Table({lab("item"), "", lab("tasks"), lab("not_started"), lab("in_progress"), lab("done"), lab("blocked"),
           lab("overdue")},
          {35, 160, 40, 50, 50, 50, 55, 55}, rows);
  {
    std::vector<std::string> cats;
    Writer::Series done{lab("done"), {}}, progress_s{lab("in_progress"), {}}, overdue{lab("overdue"), {}};
    for (const auto& i : r.items) {
      cats.push_back(i.number + " " + i.title);
      done.values.push_back(static_cast<double>(i.counts.done));
      progress_s.values.push_back(static_cast<double>(i.counts.in_progress));
      overdue.values.push_back(static_cast<double>(i.counts.overdue));
    }
    w.BarChart(lab("chart_items"), cats, {done, progress_s, overdue});
  }
  if (progress) progress(30, "rendering");

  // Agencies.
  w.Heading(lab("agencies"));
  rows.clear();
  for (const auto& a : r.agencies)
    rows.push_back({a.agency, FormatCount(a.counts.total), FormatCount(a.counts.done), FormatCount(a.counts.overdue),
                    FormatCount(a.counts.blocked), FormatCount(a.reports_submitted), FormatCount(a.reports_accepted)});
  w.Table({lab("agency"), lab("tasks"), lab("done"), lab("overdue"), lab("blocked"), lab("reports_submitted"),
           lab("reports_accepted")},
          {175, 45, 45, 50, 50, 65, 65}, rows);
  {
    std::vector<std::string> cats;
    Writer::Series done{lab("done"), {}}, overdue{lab("overdue"), {}};
    for (const auto& a : r.agencies) {
      cats.push_back(a.agency);
      done.values.push_back(static_cast<double>(a.counts.done));
      overdue.values.push_back(static_cast<double>(a.counts.overdue));
    }
    w.BarChart(lab("chart_agencies"), cats, {done, overdue});
  }

  // Indicators.
  w.Heading(lab("indicators"));
  rows.clear();
  for (const auto& i : r.indicators)
    rows.push_back({i.task, i.agency, i.period, i.name, Number(i.target), Number(i.value), i.unit});
  w.Table({lab("task"), lab("agency"), lab("period"), lab("indicator"), lab("target"), lab("value"), lab("measure")},
          {45, 100, 60, 150, 45, 45, 50}, rows);
  if (progress) progress(50, "rendering");

  // Findings and meetings.
  w.Heading(lab("findings_meetings"));
  w.Table({lab("findings"), lab("recorded"), lab("answered"), lab("closed")}, {195, 100, 100, 100},
          {{"", FormatCount(r.findings.recorded), FormatCount(r.findings.answered), FormatCount(r.findings.closed)}});
  rows.clear();
  for (const auto& f : r.findings.open_by_body) rows.push_back({f.label, FormatCount(f.value)});
  w.Table({lab("open_by_body"), ""}, {395, 100}, rows);
  w.Table({lab("meetings"), lab("held"), lab("scheduled"), lab("decisions"), lab("decisions_done")},
          {115, 95, 95, 95, 95},
          {{"", FormatCount(r.meetings.held), FormatCount(r.meetings.scheduled), FormatCount(r.meetings.decisions),
            FormatCount(r.meetings.decisions_done)}});

  // Resources.
  w.Heading(lab("resources"));
  w.Para(lab("donors") + ": " + FormatCount(r.donors) + "    " + lab("pledges") + ": " + FormatCount(r.pledges) +
         "    " + lab("deliveries") + ": " + FormatCount(r.deliveries));
  rows.clear();
  for (const auto& n : r.needs)
    rows.push_back({n.title, n.type, FormatMeasure(n.money, n.required, n.currency_or_unit),
                    FormatMeasure(n.money, n.pledged, n.currency_or_unit),
                    FormatMeasure(n.money, n.delivered, n.currency_or_unit),
                    FormatMeasure(n.money, n.gap, n.currency_or_unit)});
  w.Table({lab("need"), lab("type"), lab("required"), lab("pledged"), lab("delivered"), lab("gap")},
          {135, 60, 75, 75, 75, 75}, rows);
  rows.clear();
  std::vector<std::string> cats;
  Writer::Series req{lab("required"), {}}, del{lab("delivered"), {}}, gap{lab("gap"), {}};
  for (const auto& t : r.resource_totals) {
    rows.push_back({t.currency_or_unit, FormatCount(t.needs), FormatMeasure(t.money, t.required, t.currency_or_unit),
                    FormatMeasure(t.money, t.pledged, t.currency_or_unit),
                    FormatMeasure(t.money, t.delivered, t.currency_or_unit),
                    FormatMeasure(t.money, t.gap, t.currency_or_unit)});
    // Money in whole units on the chart: minor units would dwarf counts.
    double scale = 1;
    if (t.money)
      for (int d = partners::MinorDigits(t.currency_or_unit); d > 0; --d) scale *= 10;
    cats.push_back(t.currency_or_unit);
    req.values.push_back(static_cast<double>(t.required) / scale);
    del.values.push_back(static_cast<double>(t.delivered) / scale);
    gap.values.push_back(static_cast<double>(t.gap) / scale);
  }
  w.Table({lab("resource_totals"), lab("needs_count"), lab("required"), lab("pledged"), lab("delivered"), lab("gap")},
          {95, 60, 85, 85, 85, 85}, rows);
  w.BarChart(lab("chart_resources"), cats, {req, del, gap});
  if (progress) progress(75, "rendering");

  // Training.
  w.Heading(lab("training"));
  w.Table(
      {lab("training_events"), lab("participants"), lab("evaluations"), lab("average_score"),
       lab("training_needs_open"), lab("training_needs_people")},
      {80, 80, 80, 85, 85, 85},
      {{FormatCount(r.training_events), FormatCount(r.training_participants), FormatCount(r.training_evaluations),
        Score(r.training_average_score), FormatCount(r.training_needs_open), FormatCount(r.training_needs_people)}});
  {
    std::vector<std::string> c;
    Writer::Series s{lab("participants"), {}};
    for (const auto& l : r.participants_by_agency) {
      c.push_back(l.label);
      s.values.push_back(static_cast<double>(l.value));
    }
    w.BarChart(lab("participants_by_agency"), c, {s});
    std::vector<std::string> c2;
    Writer::Series s2{lab("training_events"), {}};
    for (const auto& l : r.events_by_topic) {
      c2.push_back(l.label);
      s2.values.push_back(static_cast<double>(l.value));
    }
    w.BarChart(lab("events_by_topic"), c2, {s2});
  }

  // Awareness.
  w.Heading(lab("awareness"));
  w.Para(lab("campaigns") + ": " + FormatCount(r.campaigns) + "    " + lab("activities") + ": " +
         FormatCount(r.activities) + "    " + lab("reach") + ": " + FormatCount(r.reach));
  rows.clear();
  std::vector<std::string> kc;
  Writer::Series kr{lab("reach"), {}};
  for (const auto& k : r.by_kind) {
    rows.push_back({k.label, FormatCount(k.activities), FormatCount(k.reach)});
    kc.push_back(k.label);
    kr.values.push_back(static_cast<double>(k.reach));
  }
  w.Table({lab("kind"), lab("activities"), lab("reach")}, {295, 100, 100}, rows);
  w.BarChart(lab("reach_by_kind"), kc, {kr});
  std::vector<std::string> rc;
  Writer::Series rr{lab("reach"), {}};
  for (const auto& l : r.reach_by_region) {
    rc.push_back(l.label);
    rr.values.push_back(static_cast<double>(l.value));
  }
  w.BarChart(lab("reach_by_region"), rc, {rr});
  if (progress) progress(95, "rendering");
}

}  // namespace

Result<std::string> RenderPdf(const AnnualReport& report, const Progress& progress) {
  auto font_path = FindReportFont();
  if (!font_path) return tl::unexpected(font_path.error());
  HaruError err;
  std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, void (*)(HPDF_Doc)> pdf(HPDF_New(OnHaruError, &err), HPDF_Free);
  if (!pdf) return Fail(ErrorCode::kInternal, "the PDF could not be started", "HPDF_New failed");
  HPDF_SetCompressionMode(pdf.get(), HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(pdf.get());
  HPDF_SetCurrentEncoder(pdf.get(), "UTF-8");
  const char* font_name = HPDF_LoadTTFontFromFile(pdf.get(), font_path->c_str(), HPDF_TRUE);
  if (!font_name || err.code)
    return Fail(ErrorCode::kUnavailable, "the PDF font could not be loaded from " + *font_path,
                "libharu error " + std::to_string(err.code));
  HPDF_Font font = HPDF_GetFont(pdf.get(), font_name, "UTF-8");
  if (!font || err.code)
    return Fail(ErrorCode::kInternal, "the PDF font has no UTF-8 encoding", std::to_string(err.code));
  HPDF_SetInfoAttr(pdf.get(), HPDF_INFO_TITLE, Label("title", report.lang).c_str());
  HPDF_SetInfoAttr(pdf.get(), HPDF_INFO_CREATOR, "OpenNRM");
  {
    Writer w(pdf.get(), font, report.lang);
    Body(w, report, progress);
  }
  if (err.code)
    return Fail(ErrorCode::kInternal, "the PDF could not be drawn",
                "libharu error 0x" + std::to_string(err.code) + " detail " + std::to_string(err.detail));
  if (HPDF_SaveToStream(pdf.get()) != HPDF_OK || err.code)
    return Fail(ErrorCode::kInternal, "the PDF could not be written", "libharu error " + std::to_string(err.code));
  HPDF_UINT32 size = HPDF_GetStreamSize(pdf.get());
  std::string out(size, '\0');
  HPDF_ResetStream(pdf.get());
  HPDF_UINT32 len = size;
  if (HPDF_ReadFromStream(pdf.get(), reinterpret_cast<HPDF_BYTE*>(out.data()), &len) != HPDF_OK && len != size)
    return Fail(ErrorCode::kInternal, "the PDF could not be read back", "HPDF_ReadFromStream");
  out.resize(len);
  if (progress) progress(100, "rendering");
  return out;
}

}  // namespace nrm::reports
