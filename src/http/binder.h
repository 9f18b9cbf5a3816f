// The one door for request input: reads a request's JSON body and query
// parameters into a handler's input struct by declared field rules (type,
// required, length, enum, range), and collects *every* bad field into one
// kInvalidArgument whose Error::fields become the problem's `errors` array.
//
//   http::Binder in(req);
//   auto body = in.Body();                       // parsed once, bounded
//   PlanInput p;
//   p.title = body.Text("title", 400);
//   p.year = body.Int("year", 2000, 2100);
//   p.limit = in.Query().Int("limit", 1, 200).value_or(50);
//   NRM_CHECK(in.Finish());                      // every error at once
//
// Until Finish() the values are defaults wherever a field was bad: use them
// only after Finish() succeeded. Finish() also refuses every body member and
// query parameter that no accessor asked for, so a client never believes a
// misspelt field or an unsupported filter was applied.
//
// Lifetimes: the Request passed to Binder must outlive it; JsonReader and
// QueryReader are handles into their Binder and must not outlive it.
//
// Include only from routes*.cc files: it pulls in nlohmann/json.
//
// Thread-safety: one Binder belongs to one request.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "http/json.h"
#include "http/message.h"

namespace nrm::http {

class Binder;

// Reads the members of one JSON object. Field names in errors are dotted
// paths from the body's root ("person.identity.birth_date").
class JsonReader {
 public:
  // Required text of at most `max_bytes` (valid UTF-8 guaranteed by the parser).
  std::string Text(const char* name, size_t max_bytes);
  // Absent or null: nullopt.
  std::optional<std::string> OptText(const char* name, size_t max_bytes);
  // Absent: nullopt; null: a held nullopt (PATCH-style "clear this").
  std::optional<std::optional<std::string>> NullableText(const char* name, size_t max_bytes);
  // Whole numbers within [min, max].
  int64_t Int(const char* name, int64_t min, int64_t max);
  std::optional<int64_t> OptInt(const char* name, int64_t min, int64_t max);
  std::optional<std::optional<int64_t>> NullableInt(const char* name, int64_t min, int64_t max);
  bool Bool(const char* name);
  std::optional<bool> OptBool(const char* name);
  // A UUID; anything else is a "format" error.
  std::string Uuid(const char* name);
  std::optional<std::string> OptUuid(const char* name);
  // The optimistic-lock version the client last read (>= 1).
  int64_t Version() { return Int("version", 1, INT64_MAX); }
  // An array of strings; absent or null is empty unless `required`.
  std::vector<std::string> TextList(const char* name, size_t max_items, size_t max_bytes, bool required = false);
  // One of `allowed` (the error lists them).
  std::string OneOf(const char* name, const std::vector<std::string_view>& allowed);
  std::optional<std::string> OptOneOf(const char* name, const std::vector<std::string_view>& allowed);
  // An enum through its parse function (nullopt for an unknown name).
  template <class E, class Parse>
  std::optional<E> Enum(const char* name, Parse parse, bool required = true) {
    auto text = required ? std::optional<std::string>(Text(name, 64)) : OptText(name, 64);
    if (!text || !Ok(name)) return std::nullopt;
    std::optional<E> e = parse(*text);
    if (!e) Invalid(name, "enum", std::string(name) + " has an unknown value");
    return e;
  }

  // A nested object; absent or null gives a reader over nothing (every
  // accessor then reports "required" or returns nullopt) and `*present`
  // false.
  JsonReader Object(const char* name, bool required, bool* present = nullptr);
  // An array of objects, at most `max_items`.
  std::vector<JsonReader> Objects(const char* name, size_t max_items, bool required = false);
  // The raw member (nullptr when absent), marked as read; for free-form maps.
  const nlohmann::json* Raw(const char* name);
  bool Has(const char* name) const;

  // A rule of the handler's own: records an error for member `name` (or for
  // the object itself when `name` is empty).
  void Invalid(std::string_view name, const char* code, std::string detail);
  // True while no error was recorded for `name` (so a rule can skip a field
  // that already failed its type check).
  bool Ok(std::string_view name) const;
  std::string PathOf(std::string_view name) const;

 private:
  friend class Binder;
  JsonReader(Binder* binder, size_t state) : binder_(binder), state_(state) {}
  const nlohmann::json* Member(const char* name);  // marks as read
  // The member as an array of at most `max_items` (`what` names its items in
  // the type error), or nullptr after recording why not (absent or null is an
  // error only when `required`).
  const nlohmann::json* Array(const char* name, size_t max_items, bool required, const char* what);
  Binder* binder_;
  size_t state_;
};

// Reads query parameters: each may appear once.
class QueryReader {
 public:
  std::optional<std::string> Text(const char* name, size_t max_bytes);
  std::optional<int64_t> Int(const char* name, int64_t min, int64_t max);
  std::optional<bool> Bool(const char* name);  // true/false/1/0
  std::optional<std::string> Uuid(const char* name);
  std::optional<std::string> OneOf(const char* name, const std::vector<std::string_view>& allowed);
  // A four-digit year in [min, max].
  std::optional<int> Year(const char* name, int min = 1900, int max = 2200);

 private:
  friend class Binder;
  explicit QueryReader(Binder* binder) : binder_(binder) {}
  std::optional<std::string> Take(const char* name);
  Binder* binder_;
};

// A path id: anything but a UUID is "no such <what>" (ids are never guessed,
// so a malformed one cannot exist), a kNotFound like any unknown id.
Result<std::string> PathUuid(const Request& request, const char* name, const char* what);

class Binder {
 public:
  explicit Binder(const Request& request, JsonLimits limits = {});
  Binder(const Binder&) = delete;
  Binder& operator=(const Binder&) = delete;

  // The body's root object, parsed once within the limits. A body that is
  // not a JSON object makes Finish() fail with that error alone.
  JsonReader Body();
  // The body as it is, for routes that take a file (a photo, a plan
  // document, evidence) rather than a JSON object: Finish() then leaves it
  // alone. Valid while the Request lives.
  std::string_view RawBody() {
    body_parsed_ = true;
    return request_.body;
  }
  // The query string's parameters.
  QueryReader Query() { return QueryReader(this); }

  // Collected errors, unknown members and query parameters: kInvalidArgument
  // with every one in Error::fields; or the body's parse error.
  Status Finish();

  bool HasErrors() const { return !errors_.empty() || body_error_.has_value(); }

 private:
  friend class JsonReader;
  friend class QueryReader;
  struct ObjectState {
    const nlohmann::json* object = nullptr;  // null: absent
    std::string prefix;                      // "" for the root, else "a.b."
    std::set<std::string, std::less<>> read;
  };
  size_t AddState(const nlohmann::json* object, std::string prefix);
  void AddError(std::string field, const char* code, std::string detail);

  const Request& request_;
  JsonLimits limits_;
  bool body_parsed_ = false;
  nlohmann::json body_;
  std::optional<Error> body_error_;
  std::deque<ObjectState> states_;  // stable addresses; JsonReader holds an index
  std::map<std::string, std::string> query_;
  std::set<std::string> query_read_;
  std::vector<std::string> query_repeated_;
  bool query_malformed_ = false;
  std::vector<FieldError> errors_;
  std::set<std::string> errored_fields_;
};

}  // namespace nrm::http
