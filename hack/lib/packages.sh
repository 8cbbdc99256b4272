# shellcheck shell=bash
# Part of hack/lib/init.sh.

# install_missing_packages PACKAGE...: apt-get installs those of the Debian packages that are not
# installed yet (nothing when all are), with sudo when not root.
install_missing_packages() {
  local package missing=() sudo=""
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  ((${#missing[@]})) || return 0
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  log "installing ${missing[*]}"
  $sudo apt-get update -qq
  # Services (docker.io's dockerd) must not start on their own: the scripts start private instances.
  # policy-rc.d is Debian's switch for that; it is put in place only when the machine has none.
  local policy=/usr/sbin/policy-rc.d added_policy=""
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    added_policy=1
  fi
  local status=0
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || status=$?
  [[ -z $added_policy ]] || $sudo rm -f "$policy"
  return "$status"
}
