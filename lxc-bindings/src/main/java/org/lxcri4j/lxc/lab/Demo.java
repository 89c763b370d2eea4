package org.lxcri4j.lxc.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.lxcri4j.lxc.AttachOptions;
import org.lxcri4j.lxc.AttachResult;
import org.lxcri4j.lxc.ContainerState;
import org.lxcri4j.lxc.Lxc;
import org.lxcri4j.lxc.LxcContainer;

/**
 * The README's main job: define a busybox container from a rootfs built here, start it, run a
 * command in it with attach, print the output, stop and destroy it. Leaves nothing behind.
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) throws IOException {
        Path lxcPath = Files.createTempDirectory("lxcri4j-demo-");
        String name = "demo";
        System.out.println("liblxc " + Lxc.version() + ", lxc path " + lxcPath);
        int exit = 0;
        try (LxcContainer c = LabContainer.define(lxcPath, name)) {
            System.out.println("defined  " + c.name() + " -> " + c.configFileName());
            c.start();
            if (!c.waitFor(ContainerState.RUNNING, Duration.ofSeconds(30))) {
                throw new IllegalStateException("container did not reach RUNNING: " + c.state());
            }
            System.out.println("started  " + c.name() + ", init pid " + c.initPid().orElseThrow() + ", state " + c.state());
            AttachResult r = c.execute(AttachOptions.defaults(), List.of("/bin/sh", "-c",
                    "echo \"hello from $(hostname): $(id)\"; echo \"pid 1 is $(cat /proc/1/comm)\"; uname -sr"));
            System.out.println("attach   exit " + r.status().code() + ", output:");
            r.stdout().lines().forEach(l -> System.out.println("  | " + l));
            exit = r.status().code();
            c.stop();
            c.waitFor(ContainerState.STOPPED, Duration.ofSeconds(30));
            System.out.println("stopped  " + c.state());
            c.destroy();
            System.out.println("destroyed, defined: " + c.isDefined());
        } finally {
            cleanup(lxcPath, name);
        }
        System.exit(exit);
    }

    private static void cleanup(Path lxcPath, String name) throws IOException {
        try (LxcContainer c = LxcContainer.open(name, lxcPath)) {
            if (c.isRunning()) {
                c.stop();
            }
            if (c.isDefined()) {
                c.destroy();
            }
        }
        try (Stream<Path> paths = Files.walk(lxcPath)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
