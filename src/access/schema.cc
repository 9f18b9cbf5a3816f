#include "access/schema.h"

#include <cctype>
#include <functional>

namespace nrm::access {

namespace {

// The rules of MISSION.md, as relations. No permission mentions a role
// except through capability(), and capability() never opens a field: an
// administrator or the Coordinator reads an identity only through a relation
// to that record, like anyone else.
constexpr const char* kSchema = R"(
object agency {
  computed member
  computed supervisor
}

object person {
  relation owner_agency: agency
  relation assignee: user
  relation referral_recipient: user | agency
  relation info_grant: user | agency
  relation break_glass: user
  permission view = assignee | referral_recipient | info_grant | break_glass | owner_agency->supervisor
  permission edit = assignee | owner_agency->supervisor
  permission assign = owner_agency->supervisor
  permission approve_info = assignee | owner_agency->supervisor
  permission history = edit | capability(oversight.view)
}

object case {
  relation owner_agency: agency
  relation assignee: user
  relation referral_recipient: user | agency
  relation info_grant: user | agency
  relation break_glass: user
  permission view = assignee | referral_recipient | info_grant | break_glass | owner_agency->supervisor
  permission edit = assignee | owner_agency->supervisor
  permission assign = owner_agency->supervisor
  permission approve_info = assignee | owner_agency->supervisor
  permission history = edit | capability(oversight.view)
}
)";

struct Lexer {
  const std::string& s;
  size_t i = 0;
  int line = 1;

  void SkipSpace() {
    while (i < s.size()) {
      if (s[i] == '\n') ++line;
      if (std::isspace(static_cast<unsigned char>(s[i]))) {
        ++i;
      } else if (s[i] == '#' || (s[i] == '/' && i + 1 < s.size() && s[i + 1] == '/')) {
        while (i < s.size() && s[i] != '\n') ++i;
      } else {
        break;
      }
    }
  }
  // Identifiers may hold '.' and '_' (capability names).
  std::string Word() {
    SkipSpace();
    size_t start = i;
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '.')) ++i;
    return s.substr(start, i - start);
  }
  bool Eat(const std::string& tok) {
    SkipSpace();
    if (s.compare(i, tok.size(), tok) == 0) {
      i += tok.size();
      return true;
    }
    return false;
  }
  bool AtEnd() {
    SkipSpace();
    return i >= s.size();
  }
  Error Err(const std::string& what) const {
    return Error::Of(ErrorCode::kInternal, "access schema line " + std::to_string(line) + ": " + what);
  }
};

Result<std::unique_ptr<Expr>> ParseUnion(Lexer& lx);

Result<std::unique_ptr<Expr>> ParsePrimary(Lexer& lx) {
  if (lx.Eat("(")) {
    auto e = ParseUnion(lx);
    if (!e) return e;
    if (!lx.Eat(")")) return tl::unexpected(lx.Err("expected )"));
    return e;
  }
  std::string w = lx.Word();
  if (w.empty()) return tl::unexpected(lx.Err("expected a name"));
  auto e = std::make_unique<Expr>();
  if (w == "capability") {
    if (!lx.Eat("(")) return tl::unexpected(lx.Err("expected ( after capability"));
    e->kind = Expr::Kind::kCapability;
    e->name = lx.Word();
    if (e->name.empty() || !lx.Eat(")")) return tl::unexpected(lx.Err("bad capability()"));
    return e;
  }
  e->name = w;
  if (lx.Eat("->")) {
    e->kind = Expr::Kind::kArrow;
    e->target = lx.Word();
    if (e->target.empty()) return tl::unexpected(lx.Err("expected a name after ->"));
  } else {
    e->kind = Expr::Kind::kRelation;  // resolved to kPermission later if it names one
  }
  return e;
}

Result<std::unique_ptr<Expr>> ParseIntersection(Lexer& lx) {
  auto first = ParsePrimary(lx);
  if (!first) return first;
  if (!(lx.SkipSpace(), lx.i < lx.s.size() && lx.s[lx.i] == '&')) return first;
  auto node = std::make_unique<Expr>();
  node->kind = Expr::Kind::kIntersection;
  node->children.push_back(std::move(*first));
  while (lx.Eat("&")) {
    auto next = ParsePrimary(lx);
    if (!next) return next;
    node->children.push_back(std::move(*next));
  }
  return node;
}

Result<std::unique_ptr<Expr>> ParseUnion(Lexer& lx) {
  auto first = ParseIntersection(lx);
  if (!first) return first;
  if (!(lx.SkipSpace(), lx.i < lx.s.size() && lx.s[lx.i] == '|')) return first;
  auto node = std::make_unique<Expr>();
  node->kind = Expr::Kind::kUnion;
  node->children.push_back(std::move(*first));
  while (lx.Eat("|")) {
    auto next = ParseIntersection(lx);
    if (!next) return next;
    node->children.push_back(std::move(*next));
  }
  return node;
}

}  // namespace

const char* Schema::DefaultText() { return kSchema; }

const ObjectDefinition* Schema::Find(const std::string& type) const {
  auto it = objects_.find(type);
  return it == objects_.end() ? nullptr : &it->second;
}

const Expr* Schema::Permission(const std::string& type, const std::string& permission) const {
  const auto* def = Find(type);
  if (!def) return nullptr;
  auto it = def->permissions.find(permission);
  return it == def->permissions.end() ? nullptr : it->second.get();
}

Result<std::shared_ptr<const Schema>> Schema::Compile(const std::string& text) {
  auto schema = std::make_shared<Schema>();
  Lexer lx{text};
  while (!lx.AtEnd()) {
    if (lx.Word() != "object") return tl::unexpected(lx.Err("expected 'object'"));
    ObjectDefinition def;
    def.type = lx.Word();
    if (def.type.empty() || !lx.Eat("{")) return tl::unexpected(lx.Err("expected object name and {"));
    while (!lx.Eat("}")) {
      const std::string kw = lx.Word();
      const std::string name = lx.Word();
      if (name.empty()) return tl::unexpected(lx.Err("expected a name after " + kw));
      if (def.relations.count(name) || def.computed.count(name) || def.permissions.count(name))
        return tl::unexpected(lx.Err("duplicate name " + name));
      if (kw == "relation") {
        if (!lx.Eat(":")) return tl::unexpected(lx.Err("expected : after relation name"));
        std::set<std::string> types;
        do {
          std::string t = lx.Word();
          if (t.empty()) return tl::unexpected(lx.Err("expected a subject type"));
          types.insert(t);
        } while (lx.Eat("|"));
        def.relations[name] = types;
      } else if (kw == "computed") {
        def.computed.insert(name);
      } else if (kw == "permission") {
        if (!lx.Eat("=")) return tl::unexpected(lx.Err("expected = after permission name"));
        auto e = ParseUnion(lx);
        if (!e) return tl::unexpected(e.error());
        def.permissions[name] = std::move(*e);
      } else {
        return tl::unexpected(lx.Err("unexpected '" + kw + "'"));
      }
    }
    if (schema->objects_.count(def.type)) return tl::unexpected(lx.Err("duplicate object " + def.type));
    schema->objects_[def.type] = std::move(def);
  }

  // Resolve names and check arrows; then refuse cycles and excessive depth.
  std::function<Status(const ObjectDefinition&, Expr&)> resolve = [&](const ObjectDefinition& def, Expr& e) -> Status {
    switch (e.kind) {
      case Expr::Kind::kRelation:
        if (def.permissions.count(e.name)) {
          e.kind = Expr::Kind::kPermission;
        } else if (!def.relations.count(e.name) && !def.computed.count(e.name)) {
          return Fail(ErrorCode::kInternal, "access schema: " + def.type + " has no relation or permission " + e.name);
        }
        return {};
      case Expr::Kind::kArrow: {
        auto rel = def.relations.find(e.name);
        if (rel == def.relations.end())
          return Fail(ErrorCode::kInternal, "access schema: " + def.type + "." + e.name + " is not a relation");
        for (const auto& t : rel->second) {
          const auto* sub = schema->Find(t);
          if (!sub || !(sub->computed.count(e.target) || sub->permissions.count(e.target)))
            return Fail(ErrorCode::kInternal, "access schema: " + t + " has no " + e.target);
        }
        return {};
      }
      case Expr::Kind::kCapability:
      case Expr::Kind::kPermission: return {};
      case Expr::Kind::kUnion:
      case Expr::Kind::kIntersection:
        for (auto& c : e.children)
          if (auto s = resolve(def, *c); !s) return s;
        return {};
    }
    return {};
  };
  for (auto& [type, def] : schema->objects_)
    for (auto& [name, expr] : def.permissions)
      if (auto s = resolve(def, *expr); !s) return tl::unexpected(s.error());

  std::function<Status(const std::string&, const Expr&, std::set<std::string>&, int)> check =
      [&](const std::string& type, const Expr& e, std::set<std::string>& stack, int depth) -> Status {
    if (depth > kMaxDepth) return Fail(ErrorCode::kInternal, "access schema: nesting deeper than kMaxDepth");
    if (e.kind == Expr::Kind::kPermission) {
      const std::string key = type + "." + e.name;
      if (stack.count(key)) return Fail(ErrorCode::kInternal, "access schema: cycle through " + key);
      stack.insert(key);
      auto s = check(type, *schema->Permission(type, e.name), stack, depth + 1);
      stack.erase(key);
      return s;
    }
    for (const auto& c : e.children)
      if (auto s = check(type, *c, stack, depth + 1); !s) return s;
    return {};
  };
  for (const auto& [type, def] : schema->objects_)
    for (const auto& [name, expr] : def.permissions) {
      std::set<std::string> stack{type + "." + name};
      if (auto s = check(type, *expr, stack, 1); !s) return tl::unexpected(s.error());
    }
  return std::shared_ptr<const Schema>(std::move(schema));
}

}  // namespace nrm::access
