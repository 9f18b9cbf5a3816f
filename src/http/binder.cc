#include "http/binder.h"

#include <charconv>

#include "core/ids.h"

namespace nrm::http {

using nlohmann::json;

namespace {

std::string Bytes(size_t n) { return std::to_string(n) + " bytes"; }

std::string Range(int64_t min, int64_t max) {
  if (max == INT64_MAX) return "at least " + std::to_string(min);
  return "between " + std::to_string(min) + " and " + std::to_string(max);
}

std::string Choices(const std::vector<std::string_view>& allowed) {
  std::string out;
  for (auto a : allowed) out += (out.empty() ? "" : ", ") + std::string(a);
  return out;
}

bool IsOneOf(std::string_view v, const std::vector<std::string_view>& allowed) {
  for (auto a : allowed)
    if (a == v) return true;
  return false;
}

// A name fit for an error message: client-sent member names are cut short.
std::string Shown(std::string_view name) { return std::string(name.substr(0, 64)); }

}  // namespace

Result<std::string> PathUuid(const Request& request, const char* name, const char* what) {
  std::string id = request.Param(name);
  if (!IsUuid(id)) return Fail(ErrorCode::kNotFound, std::string("no such ") + what);
  return id;
}

// ---------------------------------------------------------------- Binder

Binder::Binder(const Request& request, JsonLimits limits) : request_(request), limits_(limits) {
  std::string_view q = request.query;
  while (!q.empty()) {
    const size_t amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    auto name = PercentDecode(pair.substr(0, eq), /*plus_as_space=*/true);
    auto value = PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
    if (!name || !value) {
      query_malformed_ = true;
      continue;
    }
    if (!query_.emplace(*name, *value).second) query_repeated_.push_back(*name);
  }
}

size_t Binder::AddState(const json* object, std::string prefix) {
  states_.push_back(ObjectState{object, std::move(prefix), {}});
  return states_.size() - 1;
}

void Binder::AddError(std::string field, const char* code, std::string detail) {
  if (!errored_fields_.insert(field).second) return;  // the first error of a field is the one shown
  errors_.push_back(FieldError{std::move(field), code, std::move(detail)});
}

JsonReader Binder::Body() {
  if (!body_parsed_) {
    body_parsed_ = true;
    auto parsed = ParseJsonObject(request_, limits_);
    if (parsed) {
      body_ = std::move(*parsed);
    } else {
      body_error_ = parsed.error();
      body_ = json::object();
    }
    AddState(&body_, "");
  }
  return JsonReader(this, 0);
}

Status Binder::Finish() {
  // A body the handler never asked for is refused member by member, like
  // any unknown field: a client never believes it was applied.
  if (!body_parsed_ && !request_.body.empty()) Body();
  if (body_error_) return tl::unexpected(*body_error_);
  for (const ObjectState& s : states_) {
    if (!s.object || !s.object->is_object()) continue;
    for (const auto& [key, value] : s.object->items()) {
      (void)value;
      if (s.read.count(key)) continue;
      AddError(s.prefix + Shown(key), "unknown", "unknown field: " + s.prefix + Shown(key));
    }
  }
  if (query_malformed_) AddError("query", "format", "the query string has a malformed escape");
  for (const auto& name : query_repeated_)
    AddError(Shown(name), "repeated", "query parameter " + Shown(name) + " is given more than once");
  for (const auto& [name, value] : query_) {
    (void)value;
    if (!query_read_.count(name))
      AddError(Shown(name), "unknown", "unknown query parameter: " + Shown(name) + " (not supported here)");
  }
  if (errors_.empty()) return {};
  return FailFields(std::move(errors_));
}

// ------------------------------------------------------------ JsonReader

std::string JsonReader::PathOf(std::string_view name) const {
  const std::string& prefix = binder_->states_[state_].prefix;
  if (name.empty()) return prefix.empty() ? std::string("body") : prefix.substr(0, prefix.size() - 1);
  return prefix + std::string(name);
}

void JsonReader::Invalid(std::string_view name, const char* code, std::string detail) {
  binder_->AddError(PathOf(name), code, std::move(detail));
}

bool JsonReader::Ok(std::string_view name) const { return !binder_->errored_fields_.count(PathOf(name)); }

bool JsonReader::Has(const char* name) const {
  const json* o = binder_->states_[state_].object;
  return o && o->is_object() && o->contains(name);
}

const json* JsonReader::Member(const char* name) {
  auto& s = binder_->states_[state_];
  s.read.insert(name);
  if (!s.object || !s.object->is_object()) return nullptr;
  auto it = s.object->find(name);
  return it == s.object->end() ? nullptr : &*it;
}

const json* JsonReader::Raw(const char* name) { return Member(name); }

std::optional<std::string> JsonReader::OptText(const char* name, size_t max_bytes) {
  const json* v = Member(name);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) {
    Invalid(name, "type", PathOf(name) + " must be text");
    return std::nullopt;
  }
  const std::string& s = v->get_ref<const std::string&>();
  if (s.size() > max_bytes) {
    Invalid(name, "too_long", PathOf(name) + " is longer than " + Bytes(max_bytes));
    return std::nullopt;
  }
  return s;
}

std::string JsonReader::Text(const char* name, size_t max_bytes) {
  const json* v = Member(name);
  if (!v || v->is_null()) {
    Invalid(name, "required", PathOf(name) + " is required");
    return {};
  }
  return OptText(name, max_bytes).value_or("");
}

std::optional<std::optional<std::string>> JsonReader::NullableText(const char* name, size_t max_bytes) {
  const json* v = Member(name);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>();
  auto t = OptText(name, max_bytes);
  if (!t) return std::nullopt;
  return std::optional<std::string>(std::move(*t));
}

std::optional<int64_t> JsonReader::OptInt(const char* name, int64_t min, int64_t max) {
  const json* v = Member(name);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_number_integer()) {
    Invalid(name, "type", PathOf(name) + " must be a whole number");
    return std::nullopt;
  }
  if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    Invalid(name, "range", PathOf(name) + " must be " + Range(min, max));
    return std::nullopt;
  }
  const int64_t n = v->get<int64_t>();
  if (n < min || n > max) {
    Invalid(name, "range", PathOf(name) + " must be " + Range(min, max));
    return std::nullopt;
  }
  return n;
}

int64_t JsonReader::Int(const char* name, int64_t min, int64_t max) {
  const json* v = Member(name);
  if (!v || v->is_null()) {
    Invalid(name, "required", PathOf(name) + " is required");
    return min;
  }
  return OptInt(name, min, max).value_or(min);
}

std::optional<std::optional<int64_t>> JsonReader::NullableInt(const char* name, int64_t min, int64_t max) {
  const json* v = Member(name);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<int64_t>();
  auto n = OptInt(name, min, max);
  if (!n) return std::nullopt;
  return std::optional<int64_t>(*n);
}

std::optional<bool> JsonReader::OptBool(const char* name) {
  const json* v = Member(name);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_boolean()) {
    Invalid(name, "type", PathOf(name) + " must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

bool JsonReader::Bool(const char* name) {
  const json* v = Member(name);
  if (!v || v->is_null()) {
    Invalid(name, "required", PathOf(name) + " is required");
    return false;
  }
  return OptBool(name).value_or(false);
}

std::optional<std::string> JsonReader::OptUuid(const char* name) {
  auto t = OptText(name, 64);
  if (t && !IsUuid(*t)) {
    Invalid(name, "format", PathOf(name) + " must be an id");
    return std::nullopt;
  }
  return t;
}

std::string JsonReader::Uuid(const char* name) {
  const json* v = Member(name);
  if (!v || v->is_null()) {
    Invalid(name, "required", PathOf(name) + " is required");
    return {};
  }
  return OptUuid(name).value_or("");
}

const json* JsonReader::Array(const char* name, size_t max_items, bool required, const char* what) {
  const json* v = Member(name);
  if (!v || v->is_null()) {
    if (required) Invalid(name, "required", PathOf(name) + " is required");
    return nullptr;
  }
  if (!v->is_array()) {
    Invalid(name, "type", PathOf(name) + " must be a list of " + what);
    return nullptr;
  }
  if (v->size() > max_items) {
    Invalid(name, "too_many", PathOf(name) + " has more than " + std::to_string(max_items) + " items");
    return nullptr;
  }
  return v;
}

std::vector<std::string> JsonReader::TextList(const char* name, size_t max_items, size_t max_bytes, bool required) {
  std::vector<std::string> out;
  const json* v = Array(name, max_items, required, "text");
  if (!v) return out;
  for (size_t i = 0; i < v->size(); ++i) {
    const json& e = (*v)[i];
    const std::string where = PathOf(name) + "." + std::to_string(i);
    if (!e.is_string()) {
      binder_->AddError(where, "type", where + " must be text");
    } else if (e.get_ref<const std::string&>().size() > max_bytes) {
      binder_->AddError(where, "too_long", where + " is longer than " + Bytes(max_bytes));
    } else {
      out.push_back(e.get<std::string>());
    }
  }
  return out;
}

std::optional<std::string> JsonReader::OptOneOf(const char* name, const std::vector<std::string_view>& allowed) {
  auto t = OptText(name, 256);
  if (t && !IsOneOf(*t, allowed)) {
    Invalid(name, "enum", PathOf(name) + " must be one of: " + Choices(allowed));
    return std::nullopt;
  }
  return t;
}

std::string JsonReader::OneOf(const char* name, const std::vector<std::string_view>& allowed) {
  const json* v = Member(name);
  if (!v || v->is_null()) {
    Invalid(name, "required", PathOf(name) + " is required (one of: " + Choices(allowed) + ")");
    return {};
  }
  return OptOneOf(name, allowed).value_or("");
}

JsonReader JsonReader::Object(const char* name, bool required, bool* present) {
  const json* v = Member(name);
  const std::string prefix = PathOf(name) + ".";
  if (present) *present = false;
  if (!v || v->is_null()) {
    if (required) Invalid(name, "required", PathOf(name) + " is required");
    return JsonReader(binder_, binder_->AddState(nullptr, prefix));
  }
  if (!v->is_object()) {
    Invalid(name, "type", PathOf(name) + " must be an object");
    return JsonReader(binder_, binder_->AddState(nullptr, prefix));
  }
  if (present) *present = true;
  return JsonReader(binder_, binder_->AddState(v, prefix));
}

std::vector<JsonReader> JsonReader::Objects(const char* name, size_t max_items, bool required) {
  std::vector<JsonReader> out;
  const json* v = Array(name, max_items, required, "objects");
  if (!v) return out;
  for (size_t i = 0; i < v->size(); ++i) {
    const json& e = (*v)[i];
    const std::string where = PathOf(name) + "." + std::to_string(i);
    if (!e.is_object()) {
      binder_->AddError(where, "type", where + " must be an object");
      continue;
    }
    out.push_back(JsonReader(binder_, binder_->AddState(&e, where + ".")));
  }
  return out;
}

// ----------------------------------------------------------- QueryReader

std::optional<std::string> QueryReader::Take(const char* name) {
  binder_->query_read_.insert(name);
  auto it = binder_->query_.find(name);
  if (it == binder_->query_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> QueryReader::Text(const char* name, size_t max_bytes) {
  auto v = Take(name);
  if (v && v->size() > max_bytes) {
    binder_->AddError(name, "too_long", std::string(name) + " is longer than " + Bytes(max_bytes));
    return std::nullopt;
  }
  return v;
}

std::optional<int64_t> QueryReader::Int(const char* name, int64_t min, int64_t max) {
  auto v = Take(name);
  if (!v) return std::nullopt;
  int64_t n = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (v->empty() || ec != std::errc() || end != v->data() + v->size() || n < min || n > max) {
    binder_->AddError(name, "range", std::string(name) + " must be a whole number " + Range(min, max));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> QueryReader::Bool(const char* name) {
  auto v = Take(name);
  if (!v) return std::nullopt;
  if (*v == "true" || *v == "1") return true;
  if (*v == "false" || *v == "0") return false;
  binder_->AddError(name, "type", std::string(name) + " must be true or false");
  return std::nullopt;
}

std::optional<std::string> QueryReader::Uuid(const char* name) {
  auto v = Take(name);
  if (v && !IsUuid(*v)) {
    binder_->AddError(name, "format", std::string(name) + " must be an id");
    return std::nullopt;
  }
  return v;
}

std::optional<std::string> QueryReader::OneOf(const char* name, const std::vector<std::string_view>& allowed) {
  auto v = Take(name);
  if (v && !IsOneOf(*v, allowed)) {
    binder_->AddError(name, "enum", std::string(name) + " must be one of: " + Choices(allowed));
    return std::nullopt;
  }
  return v;
}

std::optional<int> QueryReader::Year(const char* name, int min, int max) {
  auto v = Int(name, min, max);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

}  // namespace nrm::http
