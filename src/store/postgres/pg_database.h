// The PostgreSQL backend, on libpq directly.
//
// A pool of connections (created lazily, at most `pool_size`); a transaction
// holds one connection from Begin to Commit/Rollback. Statements go through
// PQexecParams with `?` rewritten to $n: int64 is sent as int8 text, double as
// float8 text, text as untyped text (the server infers the column type), Blob
// as binary bytea. Results come back as text and are typed by column:
// int2/int4/int8/oid and bool -> int64, float4/float8 -> double, numeric ->
// int64 when integral else double, bytea -> Blob, anything else -> text.
//
// SQLSTATE 23505 -> kAlreadyExists; 40001/40P01 -> kConflict; class 08 and
// server shutdown (57P01..57P03) -> kUnavailable, and the connection is
// dropped from the pool. Server messages go to Error::internal only, and not
// at all for data exceptions (class 22), whose messages quote values.
//
// Writing portable SQL for it: a parameter whose type the server cannot
// infer (`? IS NULL` on its own) needs a cast: `CAST(? AS TEXT) IS NULL`.
//
// Thread-safety: as database.h says.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/error.h"
#include "core/metrics.h"
#include "store/database.h"

namespace nrm::store::postgres {

struct Options {
  int pool_size = 8;               // connections at most
  int acquire_timeout_ms = 30000;  // waiting for a free connection
};

// `url` is a libpq connection URI or keyword/value string.
Result<std::unique_ptr<Database>> Open(const std::string& url, Metrics* metrics = nullptr, const Options& options = {});

// For Database::Open: a postgresql:// URL may carry `pool_size=N` in its
// query string, which is removed before the URL reaches libpq.
Result<std::unique_ptr<Database>> OpenUrl(const std::string& url, Metrics* metrics = nullptr);

// Removes `key=value` from a URL's query string; returns the value found (or
// nullopt) and leaves the rest of the URL unchanged.
std::optional<std::string> TakeQueryParam(std::string* url, const std::string& key);

}  // namespace nrm::store::postgres
