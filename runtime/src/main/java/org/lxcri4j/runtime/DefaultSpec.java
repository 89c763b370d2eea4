package org.lxcri4j.runtime;

/** The config.json `spec` writes: runc's default, and its rootless variant. */
public final class DefaultSpec {

    private DefaultSpec() {
    }

    public static String json(boolean rootless, long uid, long gid) {
        String namespaces = rootless
                ? "[{\"type\": \"pid\"}, {\"type\": \"ipc\"}, {\"type\": \"uts\"}, {\"type\": \"mount\"}, {\"type\": \"cgroup\"}, {\"type\": \"user\"}]"
                : "[{\"type\": \"pid\"}, {\"type\": \"network\"}, {\"type\": \"ipc\"}, {\"type\": \"uts\"}, {\"type\": \"mount\"}, {\"type\": \"cgroup\"}]";
        String idmaps = rootless
                ? ",\n    \"uidMappings\": [{\"containerID\": 0, \"hostID\": " + uid + ", \"size\": 1}],\n"
                  + "    \"gidMappings\": [{\"containerID\": 0, \"hostID\": " + gid + ", \"size\": 1}]"
                : ",\n    \"resources\": {\"devices\": [{\"allow\": false, \"access\": \"rwm\"}]}";
        String sys = rootless
                ? "{\"destination\": \"/sys\", \"type\": \"none\", \"source\": \"/sys\", \"options\": [\"rbind\", \"nosuid\", \"noexec\", \"nodev\", \"ro\"]}"
                : "{\"destination\": \"/sys\", \"type\": \"sysfs\", \"source\": \"sysfs\", \"options\": [\"nosuid\", \"noexec\", \"nodev\", \"ro\"]},\n"
                  + "    {\"destination\": \"/sys/fs/cgroup\", \"type\": \"cgroup\", \"source\": \"cgroup\", \"options\": [\"nosuid\", \"noexec\", \"nodev\", \"relatime\", \"ro\"]}";
        return """
                {
                  "ociVersion": "%s",
                  "process": {
                    "terminal": true,
                    "user": {"uid": 0, "gid": 0},
                    "args": ["sh"],
                    "env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
                    "cwd": "/",
                    "capabilities": {
                      "bounding": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
                      "effective": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
                      "permitted": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
                    },
                    "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}],
                    "noNewPrivileges": true
                  },
                  "root": {"path": "rootfs", "readonly": true},
                  "hostname": "lxcri4j",
                  "mounts": [
                    {"destination": "/proc", "type": "proc", "source": "proc"},
                    {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
                    {"destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]},
                    {"destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
                    {"destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue", "options": ["nosuid", "noexec", "nodev"]},
                    %s
                  ],
                  "linux": {
                    "namespaces": %s%s,
                    "maskedPaths": ["/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                      "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"],
                    "readonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
                  }
                }
                """.formatted(ContainerRuntime.OCI_VERSION, sys, namespaces, idmaps);
    }
}
