package org.lxcri4j.lxc.lab;

import java.nio.file.Path;

import org.lxcri4j.lxc.LxcContainer;

/**
 * Defines a busybox container through the Java API alone: builds its rootfs inside the container
 * directory (so {@code destroy} removes it), sets the config items and saves the config.
 */
public final class LabContainer {

    private LabContainer() {
    }

    /** Defines {@code name} in {@code lxcPath} and returns it open; the caller closes it. */
    public static LxcContainer define(Path lxcPath, String name) {
        LxcContainer c = LxcContainer.open(name, lxcPath);
        try {
            Path rootfs = BusyboxRootfs.build(lxcPath.resolve(name).resolve("rootfs"));
            configure(c, lxcPath, name, rootfs);
            c.saveConfig();
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The config items of a lab container whose rootfs is {@code rootfs}. */
    public static void configure(LxcContainer c, Path lxcPath, String name, Path rootfs) {
        c.setConfigItem("lxc.rootfs.path", "dir:" + rootfs);
        c.setConfigItem("lxc.uts.name", name);
        // No network device: works on hosts without a bridge; the container still has its own netns.
        c.setConfigItem("lxc.net.0.type", "empty");
        c.setConfigItem("lxc.mount.auto", "proc:mixed sys:mixed cgroup:mixed");
        c.setConfigItem("lxc.init.cmd", BusyboxRootfs.INIT);
        c.setConfigItem("lxc.signal.halt", "SIGTERM");
        c.setConfigItem("lxc.signal.reboot", "SIGUSR1");
        c.setConfigItem("lxc.apparmor.profile", "unconfined");
        c.setConfigItem("lxc.pty.max", "8");
        c.setConfigItem("lxc.tty.max", "2");
        c.setConfigItem("lxc.console.buffer.size", "65536");
        c.setConfigItem("lxc.log.file", lxcPath.resolve(name).resolve(name + ".log").toString());
        c.setConfigItem("lxc.log.level", "WARN");
    }
}
