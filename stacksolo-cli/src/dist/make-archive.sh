#!/bin/sh
# Builds the release archive target/stacksolo-<version>-linux-x64.tar.gz (issue 17; run by
# `mvn package` on Linux x64, profile linux-x64-archive in stacksolo-cli/pom.xml):
#   stacksolo-<version>/bin/stacksolo          the launcher (src/dist/bin/stacksolo)
#                      /runtime/               a Java runtime made by jlink with only the modules needed
#                      /lib/stacksolo.jar      the command and its dependencies in one jar
#                      /lib/stacksolo.jsa      the start-up (CDS) archive, made by that runtime
#                      /lib/native/Linux/x86_64/libsqlitejdbc.so
#                      /LICENSE /README.md /THIRD-PARTY.md
# Usage: make-archive.sh JDK_HOME MODULE_DIR VERSION
set -eu
jdk=$1 module=$2 version=$3
target=$module/target
name=stacksolo-$version
stage=$target/dist
top=$stage/$name
tarball=$target/$name-linux-x64.tar.gz

rm -rf "$stage" "$tarball"
mkdir -p "$top/bin" "$top/lib/native/Linux/x86_64"

# The modules the command and its libraries use (jdeps over the jar, checked in decisions.md):
# java.sql (sqlite-jdbc, pgjdbc; brings java.logging, java.xml, java.transaction.xa), java.naming and
# java.security.jgss (pgjdbc: TLS host names, Kerberos), java.management (pgjdbc's buffer limits),
# jdk.crypto.ec (TLS to a PostgreSQL server with elliptic-curve keys), jdk.unsupported (sun.misc.Signal:
# `stacksolo run` passes SIGTERM, SIGINT and SIGHUP on to its command).
"$jdk/bin/jlink" --add-modules java.base,java.sql,java.naming,java.security.jgss,java.management,jdk.crypto.ec,jdk.unsupported \
  --strip-debug --no-man-pages --no-header-files --output "$top/runtime"

cp "$target/archive/stacksolo.jar" "$top/lib/stacksolo.jar"
cp "$target/native/org/sqlite/native/Linux/x86_64/libsqlitejdbc.so" "$top/lib/native/Linux/x86_64/"
cp "$module/src/dist/bin/stacksolo" "$top/bin/stacksolo"
chmod 755 "$top/bin/stacksolo"
cp "$module/../LICENSE" "$top/LICENSE"
cp "$module/src/dist/README.md" "$top/README.md"
cp "$module/src/dist/THIRD-PARTY.md" "$top/THIRD-PARTY.md"

# The start-up archive, made by the runtime that will read it, with the class list the checkout's
# build recorded (CdsTraining). The class path is /dev/fd/9/stacksolo.jar, as the launcher gives it
# (see bin/stacksolo): Java 17 checks that the path is the same, then the jar's size and time.
(
  cd "$top/lib"
  exec 9<.
  ../runtime/bin/java -Xshare:dump -XX:SharedClassListFile="$target/stacksolo.classlist" \
    -XX:SharedArchiveFile=stacksolo.jsa -XX:+UseSerialGC -cp /dev/fd/9/stacksolo.jar >"$target/archive/stacksolo.jsa.log" 2>&1
) || { cat "$target/archive/stacksolo.jsa.log" >&2; exit 1; }
chmod 444 "$top/lib/stacksolo.jsa"

# The archive must be used: -Xshare:on fails instead of starting without it.
version_line=$(cd / && sh -c 'exec 9<"$1/lib"; exec "$1/runtime/bin/java" -XX:SharedArchiveFile="$1/lib/stacksolo.jsa" -Xshare:on \
  -XX:+UseSerialGC -Dstacksolo.native="$1/lib/native" -cp /dev/fd/9/stacksolo.jar dev.stacksolo.cli.Main --version' sh "$top" 2>&1 | head -n 1)
if [ "$version_line" != "stacksolo $version" ]; then
  echo "make-archive.sh: the runtime in $top does not start with its archive: $version_line" >&2
  exit 1
fi

# Owner and group 0 (no build user's names); the files keep their times, which the JVM checks
# against the start-up archive.
tar -C "$stage" --owner=0 --group=0 --numeric-owner --sort=name -czf "$tarball" "$name"
