// Rewrites the portable `?` placeholders to PostgreSQL's $1..$n.
//
// A `?` is left alone inside string literals ('...', E'...' with backslash
// escapes), quoted identifiers ("..."), dollar-quoted strings ($$...$$,
// $tag$...$tag$) and comments (-- ..., nested /* ... */). PostgreSQL's jsonb
// operators ?, ?| and ?& cannot be written with this rewriting; use the
// functions jsonb_exists(), jsonb_exists_any(), jsonb_exists_all() instead.
//
// Thread-safety: a pure function.
#pragma once

#include <string>
#include <string_view>

namespace nrm::store::postgres {

// Returns the rewritten SQL; *count receives the number of placeholders.
std::string RewritePlaceholders(std::string_view sql, int* count);

}  // namespace nrm::store::postgres
