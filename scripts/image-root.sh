#!/usr/bin/env bash
# Lays out the file system the container image adds under PayQL's own layers (Jib builds it from
# "scratch": no registry, no base image to pull, no Docker daemon; docs/adr/0032):
#
#   scripts/image-root.sh OUT_DIR JAVA_HOME
#
#   /opt/java                 a Java runtime jlink'ed from JAVA_HOME with the modules PayQL uses
#   /lib/x86_64-linux-gnu     the C library the runtime links to, from this machine's Debian libc6
#   /lib64                    its dynamic loader, where every x86-64 binary looks for it
#   /etc/passwd, /etc/group   root, and the user PayQL runs as: payql, uid 10001 in group 0, which
#                             owns nothing but may write /data (Jib owns every file by root)
#   /etc/nsswitch.conf        host names from /etc/hosts, then DNS
#   /data                     the data directory (a volume), /tmp for the JVM's scratch files
#
# Files are copied, never linked (Jib would copy what a link points to anyway). Re-running it
# replaces OUT_DIR.
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 OUT_DIR JAVA_HOME" >&2; exit 2; }
out=$1
java_home=$2

# what `jdeps --print-module-deps --ignore-missing-deps --multi-release 21 payql.jar` reports,
# plus java.management (Micrometer, HikariCP) and jdk.zipfs, which code reaches only by reflection
modules=java.base,java.compiler,java.desktop,java.instrument,java.management,java.naming,java.net.http
modules+=,java.scripting,java.security.jgss,java.sql,jdk.jfr,jdk.management,jdk.net,jdk.unsupported,jdk.zipfs

[[ "$(uname -m)" == "x86_64" ]] || { echo "image-root: builds x86-64 images only, this is $(uname -m)" >&2; exit 1; }
command -v dpkg >/dev/null || { echo "image-root: needs a Debian-based build machine (dpkg, libc6)" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out"/{etc,lib/x86_64-linux-gnu,lib64,opt,data,tmp}

"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$out/opt/java"

# the shared libraries of Debian's libc6 package (libc, libm, libdl, libpthread, librt, the NSS
# modules DNS needs, the loader), dereferenced; its programs and charset converters are left out
dpkg -L libc6 | grep -E '^/lib/x86_64-linux-gnu/[^/]+\.so(\.[0-9]+)*$' | while read -r library; do
  cp -L "$library" "$out/lib/x86_64-linux-gnu/"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$out/lib64/"

cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
payql:x:10001:0:PayQL:/data:/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:payql
GROUP
echo "hosts: files dns" > "$out/etc/nsswitch.conf"
