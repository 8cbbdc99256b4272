#!/bin/sh
# chisel.sh ROOT PACKAGE...: copies the installed files of Debian packages (without documentation) into
# ROOT, in the spirit of the chisel slices the real chiseled images are cut from; then the few files a
# .NET process expects: CA certificates, passwd and group (root, app 1654), and a sticky /tmp.
set -eu
root=$1
shift
mkdir -p "$root/usr/bin" "$root/etc/ssl/certs" "$root/tmp" "$root/home/app"
# Merged /usr: /bin, /lib and /lib64 are symlinks into /usr, and the packages' paths go through them.
for link in bin sbin lib lib64; do
  if [ -L "/$link" ]; then cp -P "/$link" "$root/$link"; fi
done
for package in "$@"; do
  dpkg-query -L "$package" | while read -r path; do
    case "$path" in /usr/share/doc/* | /usr/share/man/* | /usr/share/lintian/* | /usr/share/locale/*) continue ;; esac
    if [ -d "$path" ] && [ ! -L "$path" ]; then continue; fi
    if [ ! -e "$path" ] && [ ! -L "$path" ]; then continue; fi
    directory=$(realpath "$(dirname "$path")")
    mkdir -p "$root$directory"
    cp -P "$path" "$root$directory/"
  done
done
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654::/home/app:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\napp:x:1654:\n' >"$root/etc/group"
chown 1654:1654 "$root/home/app"
chmod 1777 "$root/tmp"
