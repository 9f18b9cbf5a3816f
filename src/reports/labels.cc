#include "reports/labels.h"

#include <map>

namespace nrm::reports {

std::string Label(std::string_view key, std::string_view lang) {
  struct Pair {
    const char* az;
    const char* en;
  };
  static const std::map<std::string_view, Pair> table = {
      {"title", {"Milli Koordinatorun illik hesabatı", "Annual report of the National Coordinator"}},
      {"subtitle",
       {"İnsan alverinə qarşı mübarizə üzrə Milli Fəaliyyət Planının icrası",
        "Implementation of the National Action Plan on Combating Trafficking in Human Beings"}},
      {"year", {"İl", "Year"}},
      {"generated", {"Hazırlanıb", "Generated"}},
      {"as_of", {"Vəziyyət tarixi", "As of"}},
      {"plan", {"Plan", "Plan"}},
      {"no_plan", {"Yüklənmiş plan yoxdur", "No plan is loaded"}},
      {"no_data", {"Məlumat yoxdur", "No data"}},
      {"summary", {"Xülasə", "Summary"}},
      {"items", {"Plan bəndləri", "Plan items"}},
      {"item", {"Bənd", "Item"}},
      {"agencies", {"Qurumlar", "Agencies"}},
      {"agency", {"Qurum", "Agency"}},
      {"tasks", {"Tapşırıqlar", "Tasks"}},
      {"not_started", {"Başlanmayıb", "Not started"}},
      {"in_progress", {"İcra olunur", "In progress"}},
      {"done", {"İcra olunub", "Done"}},
      {"blocked", {"Dayanıb", "Blocked"}},
      {"overdue", {"Gecikmiş", "Overdue"}},
      {"reports_submitted", {"Təqdim olunmuş hesabatlar", "Reports submitted"}},
      {"reports_accepted", {"Qəbul olunmuş hesabatlar", "Reports accepted"}},
      {"indicators", {"Göstəricilər", "Indicators"}},
      {"task", {"Tapşırıq", "Task"}},
      {"period", {"Dövr", "Period"}},
      {"indicator", {"Göstərici", "Indicator"}},
      {"target", {"Hədəf", "Target"}},
      {"value", {"Dəyər", "Value"}},
      {"findings", {"Aşkar edilmiş problemlər", "Findings"}},
      {"findings_meetings", {"Problemlər və görüşlər", "Findings and meetings"}},
      {"recorded", {"Qeydə alınıb", "Recorded"}},
      {"answered", {"Cavablandırılıb", "Answered"}},
      {"closed", {"Bağlanıb", "Closed"}},
      {"open_by_body", {"Quruma görə açıq problemlər", "Open findings by body"}},
      {"meetings", {"Görüşlər", "Meetings"}},
      {"held", {"Keçirilib", "Held"}},
      {"scheduled", {"Planlaşdırılıb", "Scheduled"}},
      {"decisions", {"Qərarlar", "Decisions"}},
      {"decisions_done", {"İcra olunmuş qərarlar", "Decisions carried out"}},
      {"resources", {"Resurslar və donorlar", "Resources and donors"}},
      {"need", {"Ehtiyac", "Need"}},
      {"type", {"Növ", "Type"}},
      {"measure", {"Ölçü", "Measure"}},
      {"required", {"Tələb olunur", "Required"}},
      {"pledged", {"Vəd edilib", "Pledged"}},
      {"delivered", {"Çatdırılıb", "Delivered"}},
      {"gap", {"Çatışmazlıq", "Gap"}},
      {"needs_count", {"Ehtiyaclar", "Needs"}},
      {"donors", {"Donorlar və tərəfdaşlar", "Donors and partners"}},
      {"pledges", {"Vədlər", "Pledges"}},
      {"deliveries", {"Çatdırılmalar", "Deliveries"}},
      {"resource_totals", {"Ölçü üzrə cəmi", "Totals per measure"}},
      {"training", {"Təlim", "Training"}},
      {"training_events", {"Təlim tədbirləri", "Training events"}},
      {"participants", {"İştirakçılar", "Participants"}},
      {"evaluations", {"Qiymətləndirmələr", "Evaluations"}},
      {"average_score", {"Orta qiymət (1-5)", "Average score (1-5)"}},
      {"training_needs_open", {"Açıq təlim ehtiyacları", "Open training needs"}},
      {"training_needs_people", {"Təlimə ehtiyacı olan şəxslər", "People needing training"}},
      {"participants_by_agency", {"Quruma görə iştirakçılar", "Participants by agency"}},
      {"events_by_topic", {"Mövzuya görə tədbirlər", "Events by topic"}},
      {"topic", {"Mövzu", "Topic"}},
      {"awareness", {"Maarifləndirmə", "Awareness raising"}},
      {"campaigns", {"Kampaniyalar", "Campaigns"}},
      {"activities", {"Tədbirlər", "Activities"}},
      {"reach", {"Əhatə", "Reach"}},
      {"kind", {"Növ", "Kind"}},
      {"region", {"Region", "Region"}},
      {"reach_by_kind", {"Tədbir növünə görə əhatə", "Reach by kind of activity"}},
      {"reach_by_region", {"Regiona görə əhatə", "Reach by region"}},
      {"chart_items", {"Bəndlər üzrə tapşırıqların vəziyyəti", "Task status by plan item"}},
      {"chart_agencies", {"Qurumlar üzrə icra olunmuş və gecikmiş tapşırıqlar", "Done and overdue tasks by agency"}},
      {"chart_resources", {"Tələb olunan və çatdırılan vəsait", "Required and delivered resources"}},
      {"no_personal_data",
       {"Hesabatda qurbanların şəxsi məlumatları yoxdur.", "This report contains no personal data of victims."}},
      {"page", {"Səhifə", "Page"}},
  };
  auto it = table.find(key);
  if (it == table.end()) return std::string(key);
  return lang == "az" ? it->second.az : it->second.en;
}

}  // namespace nrm::reports
