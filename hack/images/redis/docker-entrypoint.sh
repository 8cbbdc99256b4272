#!/bin/sh
# As the official image's entrypoint: arguments that are options (or a config file) run redis-server with
# them. Protected mode is off as in the official image, which compiles it off (Debian's default is on);
# a later --protected-mode argument still wins. Commands such as the operator's `sh -c ...` replace this.
set -e
case "$1" in -* | *.conf) set -- redis-server "$@" ;; esac
if [ "$1" = redis-server ]; then
  shift
  case "$1" in
    *.conf) config=$1; shift; set -- redis-server "$config" --protected-mode no "$@" ;;
    *) set -- redis-server --protected-mode no "$@" ;;
  esac
fi
exec "$@"
