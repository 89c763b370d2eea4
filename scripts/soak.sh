#!/bin/bash
# Soak: N container lifecycles (create, start, state, kill, delete) one after another, then N more
# 16 at a time; in a random share of them the CLI, the container's monitor or its init is killed
# with SIGKILL at a random point. After each, `delete --force` must leave nothing: no runtime dir
# or lock file, cgroup, mount or process; lxcri4j's pid-file process must hold few descriptors. Every runtime call runs with a soft descriptor limit of 32, so a leak fails
# instead of drifting. Prints the counts; exits 1 if anything was left.
#
# usage: scripts/soak.sh N [RUNTIME]     RUNTIME: the built lxcri4j (default), or e.g. runc
#
# It runs in a throwaway pid and mount namespace: a runtime that regressed can neither leave
# mounts in the caller's nor outlive the script.
set -u

if [ "${SOAK_INSIDE:-}" != 1 ]; then
    export SOAK_INSIDE=1
    exec unshare --pid --fork --mount --propagation slave --mount-proc "$0" "$@"
fi

n=${1:?usage: scripts/soak.sh N [RUNTIME]}
here=$(cd "$(dirname "$0")/.." && pwd)
runtime=${2:-$here/cmd/target/lxcri4j/bin/lxcri4j}
name=$(basename "$runtime")
work=$(mktemp -d /tmp/soak.XXXXXX)
root=$work/root
tag=${work##*/}           # soak.XXXXXX: unique on this host, unlike $$ in the new pid namespace
tag=${tag#soak.}
parent=lxcri4j-soak-$tag
export work root runtime name tag parent

busybox=$(command -v busybox) || { echo "soak: busybox-static is needed for the rootfs" >&2; exit 2; }
mkdir -p "$work/rootfs/bin" "$work/rootfs/proc" "$work/rootfs/dev" "$work/rootfs/sys" "$work/results"
cp "$busybox" "$work/rootfs/bin/busybox"
for applet in $("$busybox" --list); do
    ln -s busybox "$work/rootfs/bin/$applet" 2>/dev/null
done

# One bundle per lifecycle: its cgroupsPath names the container, so leftovers are found by name.
bundle() {
    local id=$1 dir=$work/bundles/$1
    mkdir -p "$dir"
    cat > "$dir/config.json" <<EOF
{"ociVersion": "1.0.2",
 "process": {"terminal": false, "user": {"uid": 0, "gid": 0}, "args": ["sleep", "3600"],
   "env": ["PATH=/bin"], "cwd": "/",
   "capabilities": {"bounding": ["CAP_KILL"], "effective": ["CAP_KILL"], "permitted": ["CAP_KILL"]},
   "noNewPrivileges": true},
 "root": {"path": "$work/rootfs", "readonly": true},
 "hostname": "soak",
 "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"},
   {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
   {"destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]},
   {"destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
   {"destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"]}],
 "linux": {"namespaces": [{"type": "pid"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"}, {"type": "network"}],
   "cgroupsPath": "/$parent/$id",
   "maskedPaths": ["/proc/kcore"], "readonlyPaths": ["/proc/sys"]}}
EOF
    echo "$dir"
}

rt() {
    (ulimit -Sn 32 && exec "$runtime" --root "$root" "$@")
}

parent_of() {
    sed -E 's/^[0-9]+ \(.*\) . ([0-9]+) .*/\1/' "/proc/$1/stat" 2>/dev/null
}

# What lifecycle ID left behind, one line each.
leftovers() {
    local id=$1
    [ -e "$root/$id" ] && echo "runtime dir $root/$id"
    [ -e "$root/.$id.lock" ] && echo "lock file $root/.$id.lock"
    for d in /sys/fs/cgroup/*/"$parent"/"$id" /sys/fs/cgroup/*/"$parent"/"$id".monitor; do
        [ -d "$d" ] && echo "cgroup $d"
    done
    grep -w -F "$id" /proc/self/mountinfo | sed 's/^/mount /'
    # the pattern from stdin, so that grep's own command line does not match
    for f in $(echo "$id" | grep -l -a -w -F -f - /proc/[0-9]*/cmdline 2>/dev/null); do
        echo "process ${f#/proc/} $(tr '\0' ' ' < "$f" 2>/dev/null | cut -c1-120)"
    done
}

# One lifecycle; VICTIM: none, cli, monitor or init. Writes a result line to the results dir.
lifecycle() {
    local id=$1 victim=$2 dir pid init monitor state fds=0 result=ok
    dir=$(bundle "$id")
    if [ "$victim" = cli ]; then
        # not through rt: its subshell would be the job, and the kill would miss the runtime
        (ulimit -Sn 32 && exec "$runtime" --root "$root" create --bundle "$dir" "$id") >/dev/null 2>&1 &
        pid=$!
        sleep "0.$(printf %03d $((RANDOM % 400)))"
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    else
        rt create --bundle "$dir" "$id" >/dev/null 2>"$work/results/$id.err" || result="create failed: $(head -c 300 "$work/results/$id.err")"
        rt start "$id" >/dev/null 2>>"$work/results/$id.err"
        state=$(rt state "$id" 2>>"$work/results/$id.err")
        init=$(echo "$state" | sed -n 's/.*"pid": *\([0-9]*\).*/\1/p')
        if [ -n "$init" ] && [ "$init" != 0 ]; then
            monitor=$(parent_of "$init")
            # the runtime's long-lived helper of a running container (lxcri4j's pid-file process)
            p=$(parent_of "$monitor")
            if [ -n "$p" ] && grep -q -a lxcri4j-start "/proc/$p/cmdline" 2>/dev/null; then
                fds=$(ls "/proc/$p/fd" 2>/dev/null | wc -l)
            fi
            case $victim in
                init) sleep "0.$(printf %03d $((RANDOM % 200)))"; kill -KILL "$init" 2>/dev/null ;;
                monitor) sleep "0.$(printf %03d $((RANDOM % 200)))"; [ -n "$monitor" ] && [ "$monitor" != 1 ] && kill -KILL "$monitor" 2>/dev/null ;;
            esac
            [ "$victim" = none ] && rt kill "$id" KILL >/dev/null 2>&1
        elif [ "$result" = ok ]; then
            result="no pid in state: $(echo "$state" | tr -d '\n ' | head -c 200) $(head -c 300 "$work/results/$id.err")"
        fi
    fi
    rt delete --force "$id" >/dev/null 2>"$work/results/$id.err" || result="delete --force failed: $(head -c 300 "$work/results/$id.err")"
    local left=""
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        left=$(leftovers "$id")
        [ -z "$left" ] && break
        sleep 0.2
    done
    [ "$fds" -gt 8 ] && result="the pid-file process holds $fds descriptors"
    [ -n "$left" ] && result="$result; left: $(echo "$left" | tr '\n' ';')"
    echo "$victim $fds $result" > "$work/results/$id"
}

# Sets VICTIM, in this shell (a command substitution would not advance RANDOM here).
pick_victim() {
    case $((RANDOM % 10)) in
        0 | 1) victim=cli ;;
        2) victim=monitor ;;
        3) victim=init ;;
        *) victim=none ;;
    esac
}

now_ms() {
    echo $(($(date +%s%N) / 1000000))
}

report() {
    local phase=$1 seconds=$2
    local total killed bad maxfds
    total=$(cat "$work/results/$phase"-* 2>/dev/null | wc -l)
    killed=$(cat "$work/results/$phase"-* 2>/dev/null | grep -vc '^none ')
    bad=$(cat "$work/results/$phase"-* 2>/dev/null | grep -v ' ok$' | wc -l)
    maxfds=$(cat "$work/results/$phase"-* 2>/dev/null | awk '$2 > m { m = $2 } END { print m + 0 }')
    printf '%-10s %-10s lifecycles %5d  killed %4d  leftovers/failures %3d  helper fds max %3d  %4d.%01d s\n' \
        "$name" "$phase" "$total" "$killed" "$bad" "$maxfds" $((seconds / 1000)) $((seconds % 1000 / 100))
    cat "$work/results/$phase"-* 2>/dev/null | grep -v ' ok$' | head -5 | sed 's/^/    /'
}

RANDOM=$((10#$(date +%N) % 32768))
start=$(now_ms)
for i in $(seq 1 "$n"); do
    pick_victim
    lifecycle "$tag-seq-$i" "$victim"
    mv "$work/results/$tag-seq-$i" "$work/results/sequential-$i"
done
report sequential $(($(now_ms) - start))

start=$(now_ms)
for i in $(seq 1 "$n"); do
    pick_victim
    lifecycle "$tag-par-$i" "$victim" &
    if [ $((i % 16)) = 0 ]; then
        wait
    fi
done
wait
for i in $(seq 1 "$n"); do
    mv "$work/results/$tag-par-$i" "$work/results/parallel-$i" 2>/dev/null
done
report parallel $(($(now_ms) - start))

# nothing of any lifecycle: no process in this pid namespace but this script, no cgroup
stray=$(for p in /proc/[0-9]*; do
    [ "${p#/proc/}" = 1 ] || [ "${p#/proc/}" = $$ ] && continue
    tr '\0' ' ' < "$p/cmdline" 2>/dev/null | grep -q 'sleep 3600\|lxcri4j-start\|runc init' && echo "${p#/proc/}"
done)
rmdir /sys/fs/cgroup/*/"$parent" 2>/dev/null
cgroups=$(ls -d /sys/fs/cgroup/*/"$parent" 2>/dev/null)
failures=$(cat "$work/results/"sequential-* "$work/results/"parallel-* 2>/dev/null | grep -vc ' ok$')
echo "stray processes: $(echo "$stray" | grep -c .)  cgroups left: $(echo "$cgroups" | grep -c .)  failed lifecycles: $failures"
rm -rf "$work"
[ "$failures" = 0 ] && [ -z "$stray" ] && [ -z "$cgroups" ]
