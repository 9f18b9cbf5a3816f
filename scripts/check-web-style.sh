#!/usr/bin/env bash
# Fails when web/, test/ or scripts/ JavaScript/TypeScript differs from what
# prettier (.prettierrc.json) makes of it, or when ESLint (eslint.config.js)
# reports a problem; `npm run format` fixes the formatting. Run by `make test`
# (CTest: web_style). Needs `npm ci`.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/prettier ] || [ ! -x node_modules/.bin/eslint ]; then
  echo "web-style: node_modules is incomplete: run 'npm ci' first" >&2
  exit 2
fi
rc=0
npm run --silent format:check || { echo "web-style: formatting differs; run 'npm run format'" >&2; rc=1; }
npm run --silent lint || { echo "web-style: eslint found problems" >&2; rc=1; }
[ "$rc" -eq 0 ] && echo "web-style: prettier and eslint pass"
exit "$rc"
