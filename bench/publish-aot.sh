#!/usr/bin/env bash
# The API or the operator as a Native AOT executable (dotnet publish -p:PublishAot=true, as Dockerfile.api and
# Dockerfile.operator build them), published once per content and cached outside the checkout in
# ~/.cache/todo-operator/<api|operator>-aot/<key>/, the key a hash of the project's sources, the build files, the
# machine's .NET SDK and the publish command below (as hack/images.sh keys its images). Prints the folder. A publish
# takes 2 to 5 minutes on an idle 2-core machine (11 under a load average of 40); a cache hit, none. Used by the API's
# and the operator's benchmarks and by the tests of the API's native build (tests/Todo.Api.Tests/NativeAotTests.cs).
# Installs clang and zlib1g-dev (the native linker's) when missing.
#   bench/publish-aot.sh api|operator [CHECKOUT]    the project of that checkout (default: this one)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case ${1:-} in
  api) project=Todo.Api sources=(src/Todo.Api) ;;
  operator) project=Todo.Operator sources=(src/Todo.Operator src/Todo.Operator.Runtime) ;;
  *) echo "usage: bench/publish-aot.sh api|operator [CHECKOUT]" >&2; exit 2 ;;
esac
source_root=$(cd "${2:-$repo}" && pwd)
# shellcheck source=../hack/lib/init.sh
source "$repo/hack/lib/init.sh" publish-aot.sh

cache="${XDG_CACHE_HOME:-$HOME/.cache}/todo-operator/$1-aot"

key() {
  (
    cd "$source_root"
    find "${sources[@]}" -type f -not -path '*/bin/*' -not -path '*/obj/*' | LC_ALL=C sort | xargs sha256sum
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
  [[ -x $out/$project ]] && { echo "$out"; return; }
  install_missing_packages clang zlib1g-dev
  mkdir -p "$cache"
  # One publish at a time (a test run and a bench may ask together); the second finds the first one's result.
  exec 9>"$cache/.lock"
  flock 9
  [[ -x $out/$project ]] && { echo "$out"; return; }
  work=$(mktemp -d "$cache/.publish.XXXXXX")
  log "publishing $source_root/src/$project as a native executable (key $key; a few minutes)"
  dotnet publish "$source_root/src/$project/$project.csproj" -c Release -p:PublishAot=true \
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

main
