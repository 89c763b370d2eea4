#!/bin/bash
# Benchmark: lxcri4j side by side with runc (and crun where it runs here) on the same bundle, in one
# invocation. The runtimes take turns (lxcri4j, runc, lxcri4j, runc, ...) and every ratio is the
# median of the per-pair ratios, so a machine whose speed drifts during the run moves both sides
# alike. Prints:
#   - each lifecycle step (create, start, state, kill, delete) and their sum, median ms and ratio;
#   - 16 lifecycles in parallel, and `podman run --rm --network=none` end to end;
#   - the two floors: an empty JVM with the launcher's flags (a Java CLI's least cost per call) and
#     liblxc's own start, wait for RUNNING and stop of the same rootfs (lxc-start, lxc-wait, lxc-stop);
#   - the PSS of the processes each runtime leaves per idle container;
#   - the Java API's lifecycles per second in one JVM;
#   - LXC test labs: a node's boot to its first exec, a three-node lab ready, a reset, beside podman.
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
mkdir -p "$work/t"

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

# One lifecycle of runtime $1 (a command line) as container $3 under root $2; each step's ns are
# appended to $work/t/NAME.STEP. delete waits 0.2 s for the killed container, not counted.
lifecycle() {
    local rt=$1 root=$2 id=$3 name=$4 total=0
    for step in create start state kill delete; do
        [ "$step" = delete ] && sleep 0.2
        local s; s=$(now)
        case $step in
            # its CPU (user + system, with the children it waited for) appended to NAME.cpu
            create) /usr/bin/time -a -o "$work/t/$name.cpu" -f '%U %S' $rt --root "$root" create --bundle "$bundle" "$id" >/dev/null 2>&1 ;;
            start) $rt --root "$root" start "$id" >/dev/null ;;
            state) $rt --root "$root" state "$id" >/dev/null ;;
            kill) $rt --root "$root" kill "$id" KILL >/dev/null ;;
            delete) $rt --root "$root" delete --force "$id" >/dev/null ;;
        esac
        local t=$(( $(now) - s ))
        echo "$t" >> "$work/t/$name.$step"
        total=$((total + t))
    done
    echo "$total" >> "$work/t/$name.lifecycle"
}

# Median in ms of the values in file $1.
med() { median < "$1"; }
# Median of the per-pair ratios of the values in files $1 and $2 (same order: one pair per line).
ratio() { paste "$1" "$2" | awk '{print $1 / $2}' | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'; }

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

# One `podman run --rm --network=none` with runtime $1, its ns appended to $work/t/NAME.podman.
podman_once() {
    local rt=$1 name=$2 conf=$work/containers.conf
    printf '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]\n[engine]\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n' > "$conf"
    local s; s=$(now)
    if CONTAINERS_CONF=$conf podman --runtime "$rt" run --rm --network=none "$image" true >/dev/null 2>&1; then
        echo $(( $(now) - s )) >> "$work/t/$name.podman"
    fi
}

# 16 lifecycles at once with runtime $1; the wall time's ns appended to $work/t/NAME.parallel.
parallel_once() {
    local rt=$1 name=$2 round=$3 s; s=$(now)
    for j in $(seq 16); do
        lifecycle "$rt" "$work/root-par-$name" "bench-par-$name-$round-$j" "par-$name" &
    done
    wait
    echo $(( $(now) - s )) >> "$work/t/$name.parallel"
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

# The floors: an empty JVM with the launcher's flags, and liblxc alone on the same rootfs.
javac -d "$work" bench/Empty.java
mkdir -p "$work/lxc/floor"
printf 'lxc.rootfs.path = dir:%s\nlxc.init.cmd = /bin/sleep 1000\nlxc.net.0.type = none\nlxc.apparmor.profile = unconfined\n' \
    "$bundle/rootfs" > "$work/lxc/floor/config"
for i in $(seq "$n"); do
    s=$(now); java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -cp "$work" Empty; echo $(( $(now) - s )) >> "$work/t/floor.jvm"
    s=$(now)
    lxc-start -P "$work/lxc" -n floor -d && lxc-wait -P "$work/lxc" -n floor -s RUNNING && lxc-stop -P "$work/lxc" -n floor -k
    echo $(( $(now) - s )) >> "$work/t/floor.liblxc"
done

# The runtimes take turns.
names=()
for r in "${runtimes[@]}"; do names+=("${r%%:*}"); done
for i in $(seq "$n"); do
    for r in "${runtimes[@]}"; do lifecycle "${r#*:}" "$work/root-${r%%:*}" "bench-${r%%:*}-$i" "${r%%:*}"; done
done
for i in 1 2 3; do
    for r in "${runtimes[@]}"; do parallel_once "${r#*:}" "${r%%:*}" "$i"; done
done
for i in $(seq 5); do
    for r in "${runtimes[@]}"; do podman_once "${r#*:}" "${r%%:*}"; done
done

printf '\nlxcri4j benchmark: %s iterations, median ms; ratios are medians of paired runs (liblxc %s, %s)\n\n' "$n" \
    "$(dpkg-query -W -f='${Version}' liblxc1)" "$(java -version 2>&1 | head -n 1)"
header="%-26s"; for x in "${names[@]}"; do header+=" %9s"; done
printf "$header %12s\n" "" "${names[@]}" "lxcri4j/runc"
for step in create start state kill delete lifecycle parallel podman; do
    label=$step
    case $step in
        lifecycle) label="lifecycle (sum of steps)" ;;
        parallel) label="16 lifecycles in parallel" ;;
        podman) label="podman run --network=none" ;;
    esac
    row=(); for x in "${names[@]}"; do row+=("$( [ -s "$work/t/$x.$step" ] && med "$work/t/$x.$step" || echo n/a)"); done
    r=$( [ -s "$work/t/lxcri4j.$step" ] && [ -s "$work/t/runc.$step" ] && ratio "$work/t/lxcri4j.$step" "$work/t/runc.$step" || echo n/a)
    printf "$header %12s\n" "$label" "${row[@]}" "$r"
done
row=(); for x in "${names[@]}"; do row+=("$(awk '{print ($1 + $2) * 1000000000}' "$work/t/$x.cpu" | median)"); done
printf "$header\n" "create CPU ms (user+sys)" "${row[@]}"
printf '%-26s %9s\n' "idle PSS kB per container" ""
for r in "${runtimes[@]}"; do
    printf '%-26s %9s\n' "  ${r%%:*}" "$(idle_pss "${r#*:}" "$work/root-${r%%:*}" "${r%%:*}")"
done
printf '\n%-26s %9s\n' "floor: empty JVM" "$(med "$work/t/floor.jvm")"
printf '%-26s %9s\n' "floor: liblxc start+stop" "$(med "$work/t/floor.liblxc")"
printf '%-26s %9s  (create - both floors; target <= 20)\n' "create above the floors" \
    "$(awk -v c="$(med "$work/t/lxcri4j.create")" -v j="$(med "$work/t/floor.jvm")" -v l="$(med "$work/t/floor.liblxc")" 'BEGIN {printf "%.1f", c - j - l}')"
runc_cycle=$(awk -v l="$(med "$work/t/runc.lifecycle")" 'BEGIN {printf "%.1f", 1000 / l}')

# The Java API in one JVM: create, start, state, kill, wait, delete cycles per second, on one thread
# and on 16, against runc's CLI doing the same steps one after another (from its lifecycle above).
lib=$PWD/cmd/target/lxcri4j/lib
javac -cp "$(ls "$lib"/*.jar | paste -sd:)" -d "$work" bench/ApiBench.java
read -r api1 api16 <<<"$(java --enable-native-access=ALL-UNNAMED -cp "$(ls "$lib"/*.jar | paste -sd:):$work" ApiBench \
    "$work/root-api" "$PWD/cmd/target/lxcri4j/libexec" "$bundle" 2 16)"
printf '\n%-34s %8s %8s\n' "lifecycles per second" "1 thread" "16"
printf '%-34s %8s %8s\n' "lxcri4j Java API (one JVM)" "$api1" "$api16"
printf '%-34s %8s\n' "runc CLI, one after another" "$runc_cycle"

# LXC test labs (the lab module), in a throwaway network namespace as its tests run, beside
# podman running the same busybox with runc (from the podman row above).
labcp="$PWD/lab/target/classes:$(ls "$lib"/lxc-bindings-*.jar)"
javac -cp "$labcp" -d "$work" bench/LabBench.java
read -r boot ready close reset1 reset3 <<<"$(LAB_JAVA="$(command -v java)" lab/src/test/netns/bin/java \
    --enable-native-access=ALL-UNNAMED -cp "$labcp:$work" LabBench "$work/lab-root" "${LXCRI4J_LAB_CACHE:-/var/cache/lxcri4j-lab}" "$n")"
printf '\n%-42s %8s %8s\n' "LXC test labs, median ms" "lab" "target"
printf '%-42s %8s %8s\n' "busybox node boot to first exec result" "$boot" "100"
printf '%-42s %8s %8s\n' "3-node lab ready, every node reachable" "$ready" "1000"
printf '%-42s %8s\n' "3-node lab close" "$close"
printf '%-42s %8s %8s\n' "reset between tests, 1 node" "$reset1" "50"
printf '%-42s %8s\n' "reset between tests, 3 nodes" "$reset3"
printf '%-42s %8s\n' "podman run --rm busybox (runc)" "$(med "$work/t/runc.podman")"
[ -n "${crun_reason:-}" ] && printf '\ncrun skipped: %s\n' "$crun_reason"
printf '\nTargets: create <= both floors + 20 ms and <= 120 ms CPU; start, state, kill, delete <= 1.5x runc;\n'
printf 'podman run <= 1.3x runc; 16 parallel lifecycles <= 2x runc; Java API >= 40 lifecycles/s; idle <= 1024 kB PSS.\n'
CONTAINERS_CONF=/dev/null podman rmi -f "$image" >/dev/null 2>&1 || true
