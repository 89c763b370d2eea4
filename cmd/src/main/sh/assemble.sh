#!/bin/sh
# Lays out the installable runtime in target/lxcri4j: bin/lxcri4j (launcher), lib/ (jars),
# libexec/ (the C helpers). Arguments: TARGET_DIR JAVA_HOME
set -eu
target=$1 java_home=$2
out="$target/lxcri4j"
rm -rf "$out"
mkdir -p "$out/bin" "$out/lib" "$out/libexec"
cp "$target"/lib/*.jar "$out/lib/"
cp "$target"/cmd-*.jar "$out/lib/"
cp "$target/../../libexec/target/bin/lxcri4j-start" "$target/../../libexec/target/bin/lxcri4j-init" "$out/libexec/"
cp "$target/../../hooks/target/bin/lxcri4j-hook" "$out/libexec/"
sed "s#@JAVA@#$java_home/bin/java#" "$target/../src/main/sh/lxcri4j.in" > "$out/bin/lxcri4j"
chmod 755 "$out/bin/lxcri4j"
