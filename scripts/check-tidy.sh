#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy) on the C++ files a change touches, so that a
# change cannot add a finding; a finding fails with clang-tidy's file:line.
#
#   scripts/check-tidy.sh [BUILD_DIR]      (make tidy; CTest clang_tidy)
#
# The change: files that differ from NRM_TIDY_BASE when set, else from
# `git merge-base HEAD origin/main` when there is an origin/main, else from
# HEAD~1 (the last commit); uncommitted edits count too. A changed .cc is
# checked; a changed .h is checked through the .cc of the same name (or, when
# there is none, through the .cc files that include it, at most three), and
# findings are reported only in changed headers. Migrations and files not in
# the compilation database (BUILD_DIR/compile_commands.json, default: the
# first build/*/ that has one) are skipped. The database is GCC's; the two
# Boost.Asio defines tell clang's parser that GCC's coroutines are there.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

command -v clang-tidy >/dev/null || { echo "check-tidy: clang-tidy is not installed (make deps)" >&2; exit 1; }
build=${1:-}
if [ -z "$build" ]; then
  for d in build/*/; do
    if [ -f "$d/compile_commands.json" ]; then build=${d%/}; break; fi
  done
fi
[ -n "$build" ] && [ -f "$build/compile_commands.json" ] ||
  { echo "check-tidy: no compile_commands.json (configure a build first: make build)" >&2; exit 1; }

if [ -n "${NRM_TIDY_BASE:-}" ]; then
  base=$NRM_TIDY_BASE
elif git rev-parse -q --verify origin/main >/dev/null; then
  base=$(git merge-base HEAD origin/main)
elif git rev-parse -q --verify HEAD~1 >/dev/null; then
  base=HEAD~1
else
  echo "check-tidy: no base commit to compare with; nothing to check"
  exit 0
fi

mapfile -t changed < <(git diff --name-only --diff-filter=d "$base" -- 'src/*.cc' 'src/*.h' 'test/*.cc' 'test/*.h' \
  'bench/*.cc' 'bench/*.h' | grep -v '^src/store/migrations/' || true)

declare -A units=()
headers=()
in_db() { grep -qF "\"file\": \"$root/$1\"" "$build/compile_commands.json"; }
for f in "${changed[@]}"; do
  case $f in
    *.cc) if in_db "$f"; then units[$f]=1; fi ;;
    *.h)
      headers+=("$f")
      if [ -f "${f%.h}.cc" ] && in_db "${f%.h}.cc"; then
        units[${f%.h}.cc]=1
      else
        n=0
        while read -r user; do
          if in_db "$user"; then units[$user]=1; n=$((n + 1)); fi
          [ $n -ge 3 ] && break
        done < <(git grep -l -F "#include \"${f#*/}\"" -- '*.cc' || true)
      fi
      ;;
  esac
done
if ((${#units[@]} == 0)); then
  echo "check-tidy: no C++ file changed since $(git rev-parse --short "$base")"
  exit 0
fi

# Findings only in the changed headers (a file outside the change is not this
# change's business); always in the translation units themselves.
filter='^$'
if ((${#headers[@]})); then
  filter="^$root/($(printf '%s\n' "${headers[@]}" | sed 's/[.]/[.]/g' | paste -sd '|'))\$"
fi
jobs=$(nproc)
((jobs > 2)) && jobs=2
echo "check-tidy: ${#units[@]} file(s) changed since $(git rev-parse --short "$base"), $jobs at a time"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if printf '%s\n' "${!units[@]}" | sort | xargs -P "$jobs" -n 1 clang-tidy -p "$build" --quiet \
  --header-filter="$filter" --extra-arg=-Wno-unknown-warning-option \
  --extra-arg=-DBOOST_ASIO_HAS_CO_AWAIT=1 --extra-arg=-DBOOST_ASIO_HAS_STD_COROUTINE=1 >"$log" 2>&1; then
  echo "check-tidy: clean"
else
  grep -vE '^[0-9]+ (warning|error)s? (generated|treated as errors?)' "$log" >&2 || true
  echo "check-tidy: findings above (.clang-tidy); fix them or, for a false positive, NOLINT(check) with a reason" >&2
  exit 1
fi
