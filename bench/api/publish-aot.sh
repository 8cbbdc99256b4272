#!/usr/bin/env bash
# The API as a Native AOT executable (dotnet publish -p:PublishAot=true, as Dockerfile.api builds it), published once
# per content and cached outside the checkout in ~/.cache/todo-operator/api-aot/<key>/, the key a hash of the API's
# sources, the build files, the machine's .NET SDK and the publish command below (as hack/images.sh keys its
# images). Prints the folder. A publish takes 2 to 5 minutes on an idle 2-core machine (11 under a load average of
# 40); a cache hit, none. Used by bench/api/aot.sh and by the tests of the native build
# (tests/Todo.Api.Tests/NativeAotTests.cs). Installs clang and zlib1g-dev (the native linker's) when missing.
#   bench/api/publish-aot.sh [CHECKOUT]    the API of that checkout (default: this one)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source_root=$(cd "${1:-$repo}" && pwd)
# shellcheck source=../../hack/lib/init.sh
source "$repo/hack/lib/init.sh" publish-aot.sh

cache="${XDG_CACHE_HOME:-$HOME/.cache}/todo-operator/api-aot"

key() {
  (
    cd "$source_root"
    find src/Todo.Api -type f -not -path '*/bin/*' -not -path '*/obj/*' | LC_ALL=C sort | xargs sha256sum
    sha256sum Directory.Build.props Directory.Packages.props global.json
    dotnet --version
    uname -m
    declare -f main
  ) | sha256sum | cut -c1-16
}

main() {
  local key out work
  key=$(key)
  out="$cache/$key"
  [[ -x $out/Todo.Api ]] && { echo "$out"; return; }
  install_missing_packages clang zlib1g-dev
  mkdir -p "$cache"
  # One publish at a time (a test run and a bench may ask together); the second finds the first one's result.
  exec 9>"$cache/.lock"
  flock 9
  [[ -x $out/Todo.Api ]] && { echo "$out"; return; }
  work=$(mktemp -d "$cache/.publish.XXXXXX")
  log "publishing $source_root/src/Todo.Api as a native executable (key $key; a few minutes)"
  dotnet publish "$source_root/src/Todo.Api/Todo.Api.csproj" -c Release -p:PublishAot=true \
    --artifacts-path "$work/artifacts" -o "$work/out" -v quiet -nologo >"$work/publish.log" 2>&1 \
    || { tail -n 40 "$work/publish.log" >&2; rm -rf "$work"; die "the native publish failed"; }
  # The separate debug symbols are 50 MB that nothing here reads.
  rm -f "$work/out/"*.dbg
  mv "$work/out" "$out"
  rm -rf "$work"
  # Older builds are superseded.
  find "$cache" -mindepth 1 -maxdepth 1 -type d -not -name "$key" -not -name '.publish.*' -exec rm -rf {} +
  echo "$out"
}

main "$@"
