#include "access/policy.h"
#include "directory/capabilities.h"

#include <algorithm>

namespace nrm::access {

namespace {

using directory::Principal;

FieldMask AllClasses() { return FieldMask(AllFieldClasses().begin(), AllFieldClasses().end()); }

bool Matches(const Relation& r, const Principal& who) {
  if (r.subject_type == "user") return r.subject_id == who.user_id;
  if (r.subject_type == "agency") return r.subject_id == who.agency_id;
  return false;
}

bool Live(const Relation& r, int64_t now) { return !r.revoked_at && (!r.expires_at || *r.expires_at > now); }

// Built-in relations of agencies, computed from the principal.
bool ComputedAgencyRelation(const std::string& name, const std::string& agency_id, const Principal& who) {
  const bool member = !who.agency_id.empty() && who.agency_id == agency_id;
  if (name == "member") return member;
  if (name == "supervisor") return member && who.Can(directory::kCasesSupervise);
  return false;
}

struct Evaluator {
  const Schema& schema;
  const Principal& who;
  const std::vector<Relation>& relations;
  int64_t now;

  Decision Eval(const std::string& type, const Expr& e, int depth) const {
    Decision d;
    if (depth > kMaxDepth) {
      d.reason = "policy depth exceeded";
      return d;
    }
    switch (e.kind) {
      case Expr::Kind::kRelation:
        for (const auto& r : relations) {
          if (r.relation != e.name || !Live(r, now) || !Matches(r, who)) continue;
          d.allowed = true;
          d.fields.insert(r.field_classes.begin(), r.field_classes.end());
          d.relation_ids.push_back(r.id);
        }
        return d;
      case Expr::Kind::kArrow:
        for (const auto& r : relations) {
          if (r.relation != e.name || !Live(r, now)) continue;
          const auto* sub = schema.Find(r.subject_type);
          if (!sub) continue;
          bool ok = false;
          if (sub->computed.count(e.target)) {
            ok = r.subject_type == "agency" && ComputedAgencyRelation(e.target, r.subject_id, who);
          }
          // Permissions on the parent object would need its relations; the
          // schema has none yet, and compile refuses arrows to unknown names.
          if (ok) {
            d.allowed = true;
            d.fields = AllClasses();
            d.relation_ids.push_back(r.id);
          }
        }
        return d;
      case Expr::Kind::kPermission: {
        const Expr* p = schema.Permission(type, e.name);
        if (!p) {
          d.reason = "unknown permission";
          return d;
        }
        return Eval(type, *p, depth + 1);
      }
      case Expr::Kind::kCapability: d.allowed = who.Can(e.name); return d;
      case Expr::Kind::kUnion:
        for (const auto& c : e.children) {
          Decision x = Eval(type, *c, depth + 1);
          if (!x.allowed) continue;
          d.allowed = true;
          d.fields.insert(x.fields.begin(), x.fields.end());
          d.relation_ids.insert(d.relation_ids.end(), x.relation_ids.begin(), x.relation_ids.end());
        }
        return d;
      case Expr::Kind::kIntersection: {
        bool first = true;
        for (const auto& c : e.children) {
          Decision x = Eval(type, *c, depth + 1);
          if (!x.allowed) return Decision{};
          if (first) {
            d.fields = x.fields;
            first = false;
          } else {
            FieldMask both;
            std::set_intersection(d.fields.begin(), d.fields.end(), x.fields.begin(), x.fields.end(),
                                  std::inserter(both, both.begin()));
            d.fields = both;
          }
          d.relation_ids.insert(d.relation_ids.end(), x.relation_ids.begin(), x.relation_ids.end());
        }
        d.allowed = !first;
        return d;
      }
    }
    return d;
  }
};

struct PredicateBuilder {
  const Schema& schema;
  const Principal& who;
  const std::string& type;
  const std::string& id_column;
  int64_t now;
  std::vector<store::Value> params;

  std::string RelationExists(const std::string& relation, bool match_subject) {
    std::string sql =
        "EXISTS (SELECT 1 FROM access_relations r WHERE r.object_type = ? AND r.object_id = " + id_column +
        " AND r.relation = ? AND r.revoked_at IS NULL AND (r.expires_at IS NULL OR r.expires_at > ?)";
    params.push_back(type);
    params.push_back(relation);
    params.push_back(now);
    if (match_subject) {
      sql +=
          " AND ((r.subject_type = 'user' AND r.subject_id = ?) OR (r.subject_type = 'agency' AND r.subject_id = ?))";
      params.push_back(who.user_id);
      params.push_back(who.agency_id);
    }
    return sql + ")";
  }

  std::string Build(const Expr& e, int depth) {
    if (depth > kMaxDepth) return "1 = 0";
    switch (e.kind) {
      case Expr::Kind::kRelation: return RelationExists(e.name, true);
      case Expr::Kind::kArrow: {
        // Only agency computed relations exist; they reduce to "the relation's
        // subject is the principal's agency" plus, for supervisor, a capability
        // known now.
        if (e.target == "supervisor" && !who.Can(directory::kCasesSupervise)) return "1 = 0";
        if (e.target != "member" && e.target != "supervisor") return "1 = 0";
        std::string sql = RelationExists(e.name, false);
        sql.pop_back();
        sql += " AND r.subject_type = 'agency' AND r.subject_id = ?)";
        params.push_back(who.agency_id);
        return sql;
      }
      case Expr::Kind::kPermission: {
        const Expr* p = schema.Permission(type, e.name);
        return p ? Build(*p, depth + 1) : "1 = 0";
      }
      case Expr::Kind::kCapability: return who.Can(e.name) ? "1 = 1" : "1 = 0";
      case Expr::Kind::kUnion:
      case Expr::Kind::kIntersection: {
        const char* op = e.kind == Expr::Kind::kUnion ? " OR " : " AND ";
        std::string sql = "(";
        for (size_t i = 0; i < e.children.size(); ++i) {
          if (i) sql += op;
          sql += Build(*e.children[i], depth + 1);
        }
        return sql + ")";
      }
    }
    return "1 = 0";
  }
};

}  // namespace

const char* const kRelationColumns =
    "id, object_type, object_id, relation, subject_type, subject_id, field_classes, expires_at, purpose, "
    "granted_by, kind, source_id, created_at, revoked_at";

Relation RelationFromRow(const store::Row& r) {
  Relation rel;
  rel.id = r.Text(0);
  rel.object_type = r.Text(1);
  rel.object_id = r.Text(2);
  rel.relation = r.Text(3);
  rel.subject_type = r.Text(4);
  rel.subject_id = r.Text(5);
  rel.field_classes = ParseFieldMask(r.Text(6)).value_or(FieldMask{});
  rel.expires_at = r.OptInt(7);
  rel.purpose = r.Text(8);
  rel.granted_by = r.Text(9);
  rel.kind = ParseGrantKind(r.Text(10)).value_or(GrantKind::kAssignment);
  rel.source_id = r.Text(11);
  rel.created_at = r.Int(12);
  rel.revoked_at = r.OptInt(13);
  return rel;
}

Policy::Policy(std::shared_ptr<const Schema> schema, const Clock& clock) : schema_(std::move(schema)), clock_(clock) {}

Result<std::vector<Relation>> LoadLiveRelations(store::Transaction& tx, const std::string& object_type,
                                                const std::vector<std::string>& object_ids, int64_t now) {
  std::vector<Relation> out;
  // Chunks keep the parameter count well under both backends' limits.
  constexpr size_t kChunk = 200;
  for (size_t start = 0; start < object_ids.size(); start += kChunk) {
    const size_t end = std::min(object_ids.size(), start + kChunk);
    std::string sql = std::string("SELECT ") + kRelationColumns +
                      " FROM access_relations WHERE object_type = ? AND revoked_at IS NULL AND "
                      "(expires_at IS NULL OR expires_at > ?) AND object_id IN (";
    std::vector<store::Value> params{object_type, now};
    for (size_t i = start; i < end; ++i) {
      sql += i == start ? "?" : ", ?";
      params.push_back(object_ids[i]);
    }
    sql += ")";
    auto rows = tx.Query(sql, params);
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& r : *rows) out.push_back(RelationFromRow(r));
  }
  return out;
}

Decision Policy::Evaluate(const Principal& who, const std::string& object_type, const std::string& permission,
                          const std::vector<Relation>& relations) const {
  const Expr* e = schema_->Permission(object_type, permission);
  if (!e) return Decision{false, {}, {}, "unknown object type or permission"};
  Evaluator ev{*schema_, who, relations, clock_.NowMillis()};
  Decision d = ev.Eval(object_type, *e, 1);
  if (d.allowed) {
    d.fields.insert(FieldClass::kReference);
  } else {
    d.fields.clear();
    d.relation_ids.clear();
    if (d.reason.empty()) d.reason = "no relation grants " + object_type + "." + permission;
  }
  std::sort(d.relation_ids.begin(), d.relation_ids.end());
  d.relation_ids.erase(std::unique(d.relation_ids.begin(), d.relation_ids.end()), d.relation_ids.end());
  return d;
}

Result<Decision> Policy::Decide(store::Transaction& tx, const Principal& who, const std::string& object_type,
                                const std::string& object_id, const std::string& permission) const {
  if (!schema_->Permission(object_type, permission))
    return Decision{false, {}, {}, "unknown object type or permission"};
  auto rels = LoadLiveRelations(tx, object_type, {object_id}, clock_.NowMillis());
  if (!rels) return tl::unexpected(rels.error());
  return Evaluate(who, object_type, permission, *rels);
}

SqlPredicate Policy::ListPredicate(const Principal& who, const std::string& object_type, const std::string& permission,
                                   const std::string& id_column) const {
  const Expr* e = schema_->Permission(object_type, permission);
  if (!e) return SqlPredicate{"1 = 0", {}};
  PredicateBuilder b{*schema_, who, object_type, id_column, clock_.NowMillis(), {}};
  std::string sql = b.Build(*e, 1);
  return SqlPredicate{std::move(sql), std::move(b.params)};
}

}  // namespace nrm::access
