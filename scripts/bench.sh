#!/bin/bash
# Benchmark: prints, side by side for lxcri4j, runc and crun (when it runs here), the median latency
# of each lifecycle step on the same bundle, an empty JVM's start-up (the floor for a Java CLI),
# `podman run --rm` end to end, the PSS of the processes each runtime leaves per idle container,
# and the Java API's lifecycles per second in one JVM.
# Usage: scripts/bench.sh [ITERATIONS]   (root; builds lxcri4j first)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
ensure_packages
select_jdk25
n=${1:-15}
mvn_batch -q -DskipTests install >/dev/null
lxcri4j=$PWD/cmd/target/lxcri4j/bin/lxcri4j
work=$(mktemp -d /tmp/lxcri4j-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT

# One bundle for every runtime: busybox rootfs, `runc spec` without a terminal, a process that idles.
bundle=$work/bundle
mkdir -p "$bundle/rootfs/bin"
cp "$(command -v busybox)" "$bundle/rootfs/bin/busybox"
chroot "$bundle/rootfs" /bin/busybox --install -s /bin
mkdir -p "$bundle/rootfs/proc" "$bundle/rootfs/sys" "$bundle/rootfs/dev" "$bundle/rootfs/tmp"
(cd "$bundle" && runc spec)
sed -i 's/"terminal": true/"terminal": false/; s/"sh"$/"sleep", "1000"/' "$bundle/config.json"

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m/1e6}'; }

# Per-step medians in ms for runtime $1 (a command line) with state under $2.
steps() {
    local rt=$1 root=$2 name=$3
    local -A t
    for i in $(seq "$n"); do
        local id="bench-$name-$i"
        for step in create start state kill delete; do
            local s; s=$(now)
            case $step in
                create) $rt --root "$root" create --bundle "$bundle" "$id" >/dev/null 2>&1 ;;
                start) $rt --root "$root" start "$id" >/dev/null ;;
                state) $rt --root "$root" state "$id" >/dev/null ;;
                kill) $rt --root "$root" kill "$id" KILL >/dev/null ;;
                delete) sleep 0.2; $rt --root "$root" delete --force "$id" >/dev/null ;;
            esac
            local e; e=$(now)
            [ "$step" = delete ] && s=$((s + 200000000))
            t[$step]+="$((e - s)) "
        done
    done
    for step in create start state kill delete; do
        printf '%s ' "$(echo "${t[$step]}" | tr ' ' '\n' | grep . | median)"
    done
}

# PSS (kB) per container of the runtime's own processes (not the container's) while 5 idle
# containers run: shared library pages are then shared as they are on a real host.
idle_pss() {
    local rt=$1 root=$2 name=$3 k=5 total=0
    for j in $(seq $k); do
        $rt --root "$root" create --bundle "$bundle" "bench-idle-$name-$j" >/dev/null 2>&1
        $rt --root "$root" start "bench-idle-$name-$j" >/dev/null
    done
    sleep 0.5
    for j in $(seq $k); do
        local init; init=$($rt --root "$root" state "bench-idle-$name-$j" | sed -n 's/.*"pid" *: *\([0-9]*\).*/\1/p')
        # The container process's ancestors that belong to the runtime: lxcri4j's monitor and the
        # process the pid file names (its parent); none for runc, whose init is the caller's child.
        local p; p=$(awk '{print $4}' "/proc/$init/stat")
        while [ "$p" -gt 1 ]; do
            case "$(tr '\0' ' ' < "/proc/$p/cmdline")" in
                *lxcri4j-start*|*runc*|*crun*) total=$((total + $(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup"))) ;;
                *) break ;;
            esac
            p=$(awk '{print $4}' "/proc/$p/stat")
        done
    done
    for j in $(seq $k); do
        $rt --root "$root" delete --force "bench-idle-$name-$j" >/dev/null
    done
    echo $((total / k))
}

podman_run() {
    local rt=$1 conf=$work/containers.conf
    printf '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]\n[engine]\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n' > "$conf"
    local -a t=()
    for i in $(seq 5); do
        local s; s=$(now)
        CONTAINERS_CONF=$conf podman --runtime "$rt" run --rm "$image" true >/dev/null 2>&1 || { echo "n/a"; return; }
        t+=("$(( $(now) - s ))")
    done
    printf '%s\n' "${t[@]}" | median
}

runtimes=("lxcri4j:$lxcri4j" "runc:$(command -v runc)")
if crun --root "$work/crun-probe" create --bundle "$bundle" probe >/dev/null 2>&1; then
    crun --root "$work/crun-probe" delete --force probe >/dev/null 2>&1
    runtimes+=("crun:$(command -v crun)")
else
    crun_reason=$(crun --root "$work/crun-probe" create --bundle "$bundle" probe 2>&1 | tail -n 1 || true)
fi

image=localhost/lxcri4j-bench:latest
tar -C "$bundle/rootfs" -c . | CONTAINERS_CONF=/dev/null podman import - "$image" >/dev/null 2>&1

# The floor: an empty JVM with the launcher's flags.
javac -d "$work" bench/Empty.java
floor=$(for i in $(seq "$n"); do s=$(now); java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -cp "$work" Empty; echo $(( $(now) - s )); done | median)

printf '\nlxcri4j benchmark: %s iterations, median ms (liblxc %s, %s)\n\n' "$n" "$(dpkg-query -W -f='${Version}' liblxc1)" "$(java -version 2>&1 | head -n 1)"
printf '%-10s %8s %8s %8s %8s %8s %14s %12s\n' runtime create start state kill delete "podman run" "idle PSS kB"
for r in "${runtimes[@]}"; do
    name=${r%%:*} bin=${r#*:}
    read -r c s st k d <<<"$(steps "$bin" "$work/root-$name" "$name")"
    if [ "$name" = runc ]; then
        runc_cycle=$(awk -v a="$c" -v b="$s" -v e="$st" -v f="$k" -v g="$d" 'BEGIN {printf "%.1f", 1000 / (a + b + e + f + g)}')
    fi
    printf '%-10s %8s %8s %8s %8s %8s %14s %12s\n' "$name" "$c" "$s" "$st" "$k" "$d" "$(podman_run "$bin")" "$(idle_pss "$bin" "$work/root-$name" "$name")"
done
printf '%-10s %8s\n' "empty JVM" "$floor"

# The Java API in one JVM: create, start, state, kill, wait, delete cycles per second, on one thread
# and on 16, against runc's CLI doing the same steps one after another (from its medians above).
lib=$PWD/cmd/target/lxcri4j/lib
javac -cp "$(ls "$lib"/*.jar | paste -sd:)" -d "$work" bench/ApiBench.java
read -r api1 api16 <<<"$(java --enable-native-access=ALL-UNNAMED -cp "$(ls "$lib"/*.jar | paste -sd:):$work" ApiBench \
    "$work/root-api" "$PWD/cmd/target/lxcri4j/libexec" "$bundle" 10 16)"
printf '\n%-34s %8s %8s\n' "lifecycles per second" "1 thread" "16"
printf '%-34s %8s %8s\n' "lxcri4j Java API (one JVM)" "$api1" "$api16"
printf '%-34s %8s\n' "runc CLI (sum of its medians)" "$runc_cycle"
[ -n "${crun_reason:-}" ] && printf '\ncrun skipped: %s\n' "$crun_reason"
printf '\nTargets: each lxcri4j call within 1.5x the empty-JVM floor; idle per-container overhead <= 1024 kB PSS.\n'
CONTAINERS_CONF=/dev/null podman rmi -f "$image" >/dev/null 2>&1 || true
