#include "audit/checkpoint.h"

#include <nlohmann/json.hpp>

#include "audit/signer.h"

namespace nrm::audit {
namespace {

using json = nlohmann::json;

tl::unexpected<Error> Malformed(const std::string& what) {
  return Fail(ErrorCode::kInvalidArgument, "malformed checkpoint file: " + what);
}

}  // namespace

std::string CheckpointMessage(int64_t tree_size, const Hash& root_hash, int64_t created_at) {
  return "opennrm-audit-checkpoint|v1|" + std::to_string(tree_size) + "|" + ToHex(root_hash) + "|" +
         std::to_string(created_at);
}

bool CheckpointSignatureValid(const Checkpoint& c) {
  return VerifyEd25519(CheckpointMessage(c.tree_size, c.root_hash, c.created_at), c.signature, c.public_key);
}

std::string ExportCheckpointsJson(const std::vector<Checkpoint>& checkpoints) {
  json out = json::array();
  for (const Checkpoint& c : checkpoints) {
    json j = json::object();
    j["created_at"] = c.created_at;
    j["id"] = c.id;
    j["key_id"] = c.key_id;
    j["public_key"] = ToHex(c.public_key);
    j["root_hash"] = ToHex(c.root_hash);
    j["signature"] = ToHex(c.signature);
    j["tree_size"] = c.tree_size;
    out.push_back(std::move(j));
  }
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<std::vector<Checkpoint>> ParseCheckpointsJson(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_array()) return Malformed("expected a JSON array");
  std::vector<Checkpoint> out;
  for (const json& item : j) {
    if (!item.is_object()) return Malformed("expected objects in the array");
    for (const char* k : {"created_at", "id", "tree_size"}) {
      if (!item.contains(k) || !item[k].is_number_integer()) return Malformed(std::string(k) + " must be an integer");
    }
    for (const char* k : {"key_id", "public_key", "root_hash", "signature"}) {
      if (!item.contains(k) || !item[k].is_string()) return Malformed(std::string(k) + " must be a string");
    }
    Checkpoint c;
    c.id = item["id"].get<int64_t>();
    c.tree_size = item["tree_size"].get<int64_t>();
    c.created_at = item["created_at"].get<int64_t>();
    c.key_id = item["key_id"].get<std::string>();
    auto root = HashFromHex(item["root_hash"].get<std::string>());
    auto pk = BytesFromHex(item["public_key"].get<std::string>());
    auto sig = BytesFromHex(item["signature"].get<std::string>());
    if (!root || !pk || !sig) return Malformed("root_hash, public_key and signature must be hex");
    if (c.tree_size < 0) return Malformed("tree_size must not be negative");
    c.root_hash = *root;
    c.public_key = std::move(*pk);
    c.signature = std::move(*sig);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace nrm::audit
