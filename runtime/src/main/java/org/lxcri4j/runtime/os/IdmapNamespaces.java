package org.lxcri4j.runtime.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.translate.IdmappedMount;

/**
 * The user namespaces of a container's id-mapped mounts, for as long as liblxc needs to open them:
 * a namespace lives as long as a process in it, so each is `unshare --user sleep`, with its maps
 * written from here and {@link IdmappedMount#userns()} a symlink to its /proc/PID/ns/user. Closed
 * once the container's mounts are done; the mounts keep their idmapping.
 */
public final class IdmapNamespaces implements AutoCloseable {

    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(5);

    private final List<Process> holders = new ArrayList<>();
    private final List<Path> links = new ArrayList<>();

    private IdmapNamespaces() {
    }

    public static IdmapNamespaces open(List<IdmappedMount> mounts) {
        IdmapNamespaces ns = new IdmapNamespaces();
        try {
            for (IdmappedMount m : mounts) {
                ns.add(m);
            }
            return ns;
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    private void add(IdmappedMount m) {
        try {
            // dies with create, killed or not (setpriv's parent-death signal survives the exec)
            Process p = new ProcessBuilder("setpriv", "--pdeathsig", "KILL", "unshare", "--user", "sleep", "3600")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            holders.add(p);
            Path proc = Path.of("/proc", Long.toString(p.pid()));
            String own = Files.readSymbolicLink(Path.of("/proc/self/ns/user")).toString();
            long deadline = System.nanoTime() + SETUP_TIMEOUT.toNanos();
            while (Files.readSymbolicLink(proc.resolve("ns/user")).toString().equals(own)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new OciException("cannot make the user namespace of an id-mapped mount (unshare --user)");
                }
                Thread.sleep(1);
            }
            Files.writeString(proc.resolve("uid_map"), IdmappedMount.idMap(m.uidMappings()));
            Files.writeString(proc.resolve("gid_map"), IdmappedMount.idMap(m.gidMappings()));
            links.add(Files.createSymbolicLink(m.userns(), proc.resolve("ns/user")));
        } catch (IOException e) {
            throw new OciException("id-mapped mount: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciException("interrupted");
        }
    }

    @Override
    public void close() {
        for (Process p : holders) {
            p.destroyForcibly();
            try {
                p.waitFor(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Path link : links) {
            try {
                Files.deleteIfExists(link);
            } catch (IOException ignored) {
                // the runtime directory goes with delete
            }
        }
    }
}
