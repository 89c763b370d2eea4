#!/bin/sh
# Lays out the installable runtime in target/lxcri4j: bin/lxcri4j (the C front end), lib/ (jars
# and the AOT caches), libexec/ (the C helpers and lxcri4j-jvm, the Java CLI's launcher).
# Arguments: TARGET_DIR JAVA_HOME
set -eu
target=$1 java_home=$2
out="$target/lxcri4j"
rm -rf "$out"
mkdir -p "$out/bin" "$out/lib" "$out/libexec"
cp "$target"/lib/*.jar "$out/lib/"
cp "$target"/cmd-*.jar "$out/lib/"
cp "$target/../../libexec/target/bin/lxcri4j-start" "$target/../../libexec/target/bin/lxcri4j-init" "$out/libexec/"
cp "$target/../../hooks/target/bin/lxcri4j-hook" "$out/libexec/"
# An explicit, ordered class path: the AOT cache is only used with the class path it was built for.
cp=$(cd "$out/lib" && ls *.jar | sort | sed 's#^#$d/lib/#' | paste -sd: -)
sed -e "s#@JAVA@#$java_home/bin/java#" -e "s#@CLASSPATH@#$cp#" -e "s#@HOME@#$(cd "$out" && pwd)#" "$target/../src/main/sh/lxcri4j.in" > "$out/libexec/lxcri4j-jvm"
chmod 755 "$out/libexec/lxcri4j-jvm"
cp "$target/bin/lxcri4j" "$out/bin/lxcri4j"

# The AOT caches, trained with a real container (needs root and liblxc; without them the launcher
# runs uncached). Two caches, because a JDK 25 cache loads everything it holds at start-up.
train() { # NAME MODE [ID]
    LXCRI4J_AOT_OUTPUT="$out/lib/lxcri4j-$1.aot" LXCRI4J_MAIN=org.lxcri4j.cmd.Training \
        "$out/libexec/lxcri4j-jvm" "$2" "$work" ${3:-} >>"$work/training.log" 2>&1 && [ -f "$out/lib/lxcri4j-$1.aot" ]
}
if [ "$(id -u)" -eq 0 ] && [ -z "${LXCRI4J_NO_AOT:-}" ]; then
    work=$(mktemp -d /tmp/lxcri4j-aot-XXXXXX)
    if train create create && train hot hot "$(ls "$work/root")"; then
        echo "AOT caches: $(du -ch "$out"/lib/*.aot | tail -n 1 | cut -f1)"
    else
        echo "AOT caches not built (see $work/training.log)" >&2
        rm -f "$out"/lib/*.aot
        exit 0
    fi
    rm -rf "$work"
fi
