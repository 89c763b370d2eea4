# Sourced by the other scripts: installs what the project needs from apt and selects JDK 25.
# Debian 12's default java is 17; java.lang.foreign needs 25, so the build never relies on PATH.

# Packages: liblxc and its headers (bindings, layout test), busybox-static (test rootfs), gcc (layout
# probe, helper executables), criu (checkpoint/restore), rsync (dir-backend clones and snapshots),
# iproute2 (moving interfaces in tests; the labs' bridges), debootstrap (the labs' Debian nodes),
# podman conmon catatonit runc crun containerd (clients, reference runtimes; catatonit is the init
# of podman's local pod infra image).
LXCRI4J_APT_PACKAGES="lxc lxc-dev busybox-static gcc libc6-dev criu rsync iproute2 debootstrap maven podman conmon catatonit runc crun containerd"

ensure_packages() {
    missing=""
    for p in $LXCRI4J_APT_PACKAGES; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "error: missing packages:$missing (run this script as root to install them)" >&2
        return 1
    fi
    echo "Installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q && apt-get install -y -q --no-install-recommends $missing
}

select_jdk25() {
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/*25*; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
        if "$candidate/bin/java" -version 2>&1 | head -n 1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; then
            export JAVA_HOME="$candidate"
            export PATH="$JAVA_HOME/bin:$PATH"
            return 0
        fi
    done
    echo "error: no JDK 25 found (looked in JAVA_HOME and /usr/lib/jvm)" >&2
    return 1
}

mvn_batch() {
    # -B: no colours or progress bars in logs; Surefire's summary lines stay visible.
    mvn -B -Dstyle.color=never "$@"
}

# Maven 3.8's bundled guava touches sun.misc.Unsafe; JDK 25 warns about it on every run.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
