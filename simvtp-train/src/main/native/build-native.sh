#!/bin/sh
# Compiles the Gloo JNI shim. Usage: build-native.sh <java.home> <output .so>
# Called by the "gloo" profile of simvtp-train/pom.xml (active when /usr/include/gloo/allreduce.h exists);
# skips the compile when the .so is newer than the source.
set -eu
JAVA_HOME_DIR="$1"
OUT="$2"
SRC="$(dirname "$0")/simvtp_gloo.cc"
if [ -f "$OUT" ] && [ "$OUT" -nt "$SRC" ]; then
  exit 0
fi
mkdir -p "$(dirname "$OUT")"
# Only the JNI entry points are exported (-fvisibility=hidden), so nothing of ours can interpose on the
# Gloo copy inside libtorch_cpu.so, and Gloo symbols resolve to Debian's libgloo.so.0.
g++ -O2 -std=c++17 -shared -fPIC -fvisibility=hidden -fvisibility-inlines-hidden \
  -I"$JAVA_HOME_DIR/include" -I"$JAVA_HOME_DIR/include/linux" -DHIREDIS_NESTED_INCLUDE \
  "$SRC" -o "$OUT.tmp" -lgloo -Wl,--no-undefined -Wl,-z,defs
mv "$OUT.tmp" "$OUT"
