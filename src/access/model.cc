#include "access/model.h"

namespace nrm::access {

namespace {
struct ClassName {
  FieldClass c;
  std::string_view name;
};
constexpr ClassName kClasses[] = {
    {FieldClass::kReference, "reference"},         {FieldClass::kDetail, "detail"},
    {FieldClass::kIdentity, "identity"},           {FieldClass::kContact, "contact"},
    {FieldClass::kLocation, "location"},           {FieldClass::kHealth, "health"},
    {FieldClass::kInvestigation, "investigation"},
};
struct KindName {
  GrantKind k;
  std::string_view name;
};
constexpr KindName kKinds[] = {
    {GrantKind::kOwner, "owner"},
    {GrantKind::kAssignment, "assignment"},
    {GrantKind::kReferral, "referral"},
    {GrantKind::kInformationRequest, "information_request"},
    {GrantKind::kBreakGlass, "break_glass"},
};
struct RequestStatusEntry {
  RequestStatus s;
  std::string_view name;
};
constexpr RequestStatusEntry kRequestStatuses[] = {
    {RequestStatus::kPending, "pending"},
    {RequestStatus::kApproved, "approved"},
    {RequestStatus::kRefused, "refused"},
    {RequestStatus::kWithdrawn, "withdrawn"},
};
}  // namespace

const std::vector<FieldClass>& AllFieldClasses() {
  static const std::vector<FieldClass> all = {FieldClass::kReference,    FieldClass::kDetail,   FieldClass::kIdentity,
                                              FieldClass::kContact,      FieldClass::kLocation, FieldClass::kHealth,
                                              FieldClass::kInvestigation};
  return all;
}

std::string_view FieldClassName(FieldClass c) {
  for (const auto& e : kClasses)
    if (e.c == c) return e.name;
  return "reference";
}

std::optional<FieldClass> ParseFieldClass(std::string_view name) {
  for (const auto& e : kClasses)
    if (e.name == name) return e.c;
  return std::nullopt;
}

bool IsAuditedClass(FieldClass c) { return c != FieldClass::kReference && c != FieldClass::kDetail; }

std::string FormatFieldMask(const FieldMask& mask) {
  std::string out;
  for (FieldClass c : mask) {
    if (!out.empty()) out += ',';
    out += FieldClassName(c);
  }
  return out;
}

std::optional<FieldMask> ParseFieldMask(std::string_view text) {
  FieldMask mask;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    auto c = ParseFieldClass(text.substr(start, end - start));
    if (!c) return std::nullopt;
    mask.insert(*c);
    start = end + 1;
  }
  return mask;
}

std::string_view GrantKindName(GrantKind k) {
  for (const auto& e : kKinds)
    if (e.k == k) return e.name;
  return "assignment";
}

std::optional<GrantKind> ParseGrantKind(std::string_view name) {
  for (const auto& e : kKinds)
    if (e.name == name) return e.k;
  return std::nullopt;
}

std::string_view RequestStatusName(RequestStatus s) {
  for (const auto& e : kRequestStatuses)
    if (e.s == s) return e.name;
  return "pending";
}

std::optional<RequestStatus> ParseRequestStatus(std::string_view name) {
  for (const auto& e : kRequestStatuses)
    if (e.name == name) return e.s;
  return std::nullopt;
}

}  // namespace nrm::access
