// The need-to-know schema: which relations an object type has and how each
// permission derives from them. Compiled once at start from a small text
// language, so that the rules are data a reviewer can read in one screen
// (kSchema in schema.cc, returned by Schema::DefaultText()), and so that the
// direct check (Policy::Evaluate) and the list filter (Policy::ListPredicate),
// both in policy.cc, are generated from the same tree.
//
//   object person {
//     relation assignee: user
//     relation owner_agency: agency
//     permission view = assignee | owner_agency->supervisor
//     permission edit = view & assignee
//     permission history = view | capability(oversight.view)
//   }
//   object agency {
//     computed member        // the principal belongs to the agency
//     computed supervisor    // member holding cases.supervise
//   }
//
// Operators: `|` union, `&` intersection, `rel->perm` "from parent" (follow
// the relation to its subject object and evaluate perm there), names of
// other permissions, and `capability(x)` (a role capability; it opens the
// reference class only, never a field). Compilation refuses unknown names,
// cycles and nesting deeper than kMaxDepth, so evaluation cannot loop.
//
// Thread-safety: immutable after Compile; share freely.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"

namespace nrm::access {

inline constexpr int kMaxDepth = 8;

struct Expr {
  enum class Kind { kRelation, kArrow, kPermission, kCapability, kUnion, kIntersection };
  Kind kind;
  std::string name;    // relation / permission / capability
  std::string target;  // for kArrow: the permission on the subject object
  std::vector<std::unique_ptr<Expr>> children;
};

struct ObjectDefinition {
  std::string type;
  std::map<std::string, std::set<std::string>> relations;  // relation -> allowed subject types
  std::set<std::string> computed;                          // built-in relations (agency member/supervisor)
  std::map<std::string, std::unique_ptr<Expr>> permissions;
};

class Schema {
 public:
  static Result<std::shared_ptr<const Schema>> Compile(const std::string& text);
  static const char* DefaultText();

  const ObjectDefinition* Find(const std::string& type) const;
  const Expr* Permission(const std::string& type, const std::string& permission) const;
  const std::map<std::string, ObjectDefinition>& objects() const { return objects_; }

 private:
  std::map<std::string, ObjectDefinition> objects_;
};

}  // namespace nrm::access
