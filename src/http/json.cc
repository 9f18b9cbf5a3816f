#include "http/json.h"

#include <algorithm>
#include <cstring>

namespace nrm::http {

namespace {

using json = nlohmann::json;

// Forwards to nlohmann's DOM builder, refusing at the first event past a
// limit (returning false stops the parser where it is).
class BoundedSax {
 public:
  BoundedSax(json& root, const JsonLimits& limits) : dom_(root, /*allow_exceptions=*/false), limits_(limits) {}

  bool null() { return Count() && dom_.null(); }
  bool boolean(bool v) { return Count() && dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return Count() && dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return Count() && dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& s) { return Count() && dom_.number_float(v, s); }
  bool string(json::string_t& v) {
    if (v.size() > limits_.max_string_bytes)
      return Stop("a string is longer than " + std::to_string(limits_.max_string_bytes) + " bytes");
    return Count() && dom_.string(v);
  }
  bool binary(json::binary_t& v) { return Count() && dom_.binary(v); }
  bool start_object(std::size_t n) { return Enter() && dom_.start_object(n); }
  bool key(json::string_t& k) {
    if (k.size() > limits_.max_key_bytes)
      return Stop("a member name is longer than " + std::to_string(limits_.max_key_bytes) + " bytes");
    return dom_.key(k);
  }
  bool end_object() {
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t n) { return Enter() && dom_.start_array(n); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    // 406: a number the parser cannot hold (1e999, 400 digits).
    why_ = e.id == 406 ? "a number is out of range" : "the body is not valid JSON";
    position_ = position;
    return false;
  }

  const std::string& why() const { return why_; }
  size_t position() const { return position_; }

 private:
  bool Count() { return ++values_ <= limits_.max_values || Stop("the body has too many values"); }
  bool Enter() {
    if (++depth_ > limits_.max_depth)
      return Stop("the body is nested deeper than " + std::to_string(limits_.max_depth) + " levels");
    return Count();
  }
  bool Stop(std::string why) {
    why_ = std::move(why);
    return false;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  const JsonLimits& limits_;
  int depth_ = 0;
  size_t values_ = 0;
  size_t position_ = 0;
  std::string why_;
};

}  // namespace

Result<json> ParseBoundedJson(std::string_view text, const JsonLimits& limits) {
  json root;
  BoundedSax sax(root, limits);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &sax, json::input_format_t::json, /*strict=*/true);
  } catch (const json::exception& e) {  // not expected with the filter above; never a 5xx
    return Fail(ErrorCode::kInvalidArgument, "the body is not valid JSON", e.what());
  }
  if (!ok) {
    std::string why = sax.why().empty() ? "the body is not valid JSON" : sax.why();
    if (sax.position() > 0) why += " (at byte " + std::to_string(sax.position()) + ")";
    return Fail(ErrorCode::kInvalidArgument, why);
  }
  return root;
}

Result<json> ParseJsonObject(const Request& request, const JsonLimits& limits) {
  const std::string type = request.Header("Content-Type");
  const auto semi = type.find(';');
  std::string media = type.substr(0, semi);
  std::transform(media.begin(), media.end(), media.begin(), [](unsigned char c) { return std::tolower(c); });
  while (!media.empty() && media.back() == ' ') media.pop_back();
  if (media != "application/json")
    return Fail(ErrorCode::kUnsupportedMediaType, "the request body must be application/json");
  NRM_TRY(json j, ParseBoundedJson(request.body, limits));
  if (!j.is_object()) return Fail(ErrorCode::kInvalidArgument, "the request body must be a JSON object");
  return j;
}

Status RejectUnknownFields(const nlohmann::json& object, std::initializer_list<const char*> allowed) {
  for (const auto& [key, value] : object.items()) {
    (void)value;
    bool known = false;
    for (const char* a : allowed) known = known || key == a;
    if (!known) return Fail(ErrorCode::kInvalidArgument, "unknown field: " + key.substr(0, 64));
  }
  return {};
}

Result<std::string> RequiredString(const nlohmann::json& o, const char* field, size_t max_bytes) {
  if (!o.contains(field)) return Fail(ErrorCode::kInvalidArgument, std::string(field) + " is required");
  if (!o.at(field).is_string()) return Fail(ErrorCode::kInvalidArgument, std::string(field) + " must be a string");
  std::string s = o.at(field).get<std::string>();
  if (s.size() > max_bytes)
    return Fail(ErrorCode::kInvalidArgument,
                std::string(field) + " is longer than " + std::to_string(max_bytes) + " bytes");
  return s;
}

Result<std::optional<std::string>> OptionalString(const nlohmann::json& o, const char* field, size_t max_bytes) {
  if (!o.contains(field) || o.at(field).is_null()) return std::optional<std::string>();
  auto s = RequiredString(o, field, max_bytes);
  if (!s) return tl::unexpected(s.error());
  return std::optional<std::string>(*s);
}

Response JsonResponse(int status, const nlohmann::json& body) {
  return Response::Json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Result<nlohmann::json> JsonBody(const Request& request, std::initializer_list<const char*> allowed) {
  auto body = ParseJsonObject(request);
  if (!body) return tl::unexpected(body.error());
  if (auto s = RejectUnknownFields(*body, allowed); !s) return tl::unexpected(s.error());
  return body;
}

Response Created(const nlohmann::json& body, const std::string& location) {
  Response res = JsonResponse(201, body);
  res.AddHeader("Location", location);
  return res;
}

}  // namespace nrm::http
