package org.lxcri4j.cmd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.lxcri4j.lxc.lab.BusyboxRootfs;

/**
 * The AOT caches' training runs (JDK 25, -XX:AOTCacheOutput) on a real busybox container. A JDK 25
 * cache loads and links all it holds at start-up, so there are two: "create" (create, run: spec
 * parsing and translation, no native code) and "hot" (list, and state, start, kill and delete,
 * which bin/lxcri4j hands over only with LXCRI4J_JVM=1 or flags it leaves to Java). Run at package
 * time by assemble.sh; usage: Training create|hot WORK_DIR [ID].
 */
public final class Training {

    private Training() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Path.of(args[1]);
        String root = work.resolve("root").toString();
        if (args[0].equals("hot")) {
            // The container was created by a separate, uncached create.
            String id = args[2];
            run("--root", root, "state", "no-such-container");
            run("--root", root, "state", id);
            run("--root", root, "start", id);
            run("--root", root, "state", id);
            run("--root", root, "list");
            run("--root", root, "list", "--format", "json");
            run("--root", root, "kill", id, "SIGTERM");
            run("--root", root, "kill", "--all", id, "KILL");
            run("--root", root, "delete", "--force", id);
            return;
        }
        Path bundle = work.resolve("bundle");
        BusyboxRootfs.build(bundle.resolve("rootfs"));
        Files.writeString(bundle.resolve("config.json"), """
                {"ociVersion": "1.2.0",
                 "process": {"args": ["sleep", "100"], "cwd": "/", "env": ["PATH=/bin:/usr/bin"],
                   "user": {"uid": 0, "gid": 0}, "noNewPrivileges": true,
                   "capabilities": {"bounding": ["CAP_KILL"], "effective": ["CAP_KILL"], "permitted": ["CAP_KILL"]},
                   "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}]},
                 "root": {"path": "rootfs", "readonly": true},
                 "hostname": "training",
                 "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"},
                   {"destination": "/dev", "type": "tmpfs", "source": "tmpfs"}],
                 "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "uts"}, {"type": "ipc"}],
                   "resources": {"devices": [{"allow": false, "access": "rwm"}], "pids": {"limit": 100}},
                   "maskedPaths": ["/proc/kcore"], "readonlyPaths": ["/proc/sys"],
                   "seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
                     "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"},
                       {"names": ["kill"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 1, "value": 0, "op": "SCMP_CMP_EQ"}]}]}}}
                """);
        String id = "lxcri4j-training-" + ProcessHandle.current().pid();
        run("--root", root, "state", "no-such-container");
        run("--root", root, "create", "--bundle", bundle.toString(), "--pid-file", work.resolve("pid").toString(), id);
        run("--root", root, "delete", "--force", id);
        run("--root", root, "run", "--bundle", bundle.toString(), "--detach", id);
        run("--root", root, "delete", "--force", id);
        // Leave one created container for the "hot" training.
        run("--root", root, "create", "--bundle", bundle.toString(), id + "-hot");
    }

    private static void run(String... argv) {
        // Errors are expected for some calls; the training only needs the code paths.
        Main.run(List.of(argv));
    }
}
