package org.lxcri4j.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.lxcri4j.lxc.Lxc;
import org.lxcri4j.runtime.operation.CreateOperation;
import org.lxcri4j.runtime.operation.DeleteOperation;
import org.lxcri4j.runtime.operation.RuntimeContext;
import org.lxcri4j.runtime.operation.StateOperation;
import org.lxcri4j.runtime.spec.State;
import org.lxcri4j.runtime.translate.Features;

/**
 * The Java runtime API: an OCI runtime over one state directory (runc's {@code --root}). The
 * {@code lxcri4j} CLI only parses arguments for it, so a Java program and the CLI can manage the
 * same containers.
 *
 * <pre>{@code
 * ContainerRuntime rt = ContainerRuntime.open(Path.of("/run/lxcri4j"), ContainerRuntime.DEFAULT_LIBEXEC);
 * Container c = rt.create("web", Path.of("/srv/bundles/web"), CreateOptions.defaults());
 * c.start();
 * AttachedProcess p = c.exec(new Process(...));
 * p.waitFor(Duration.ofSeconds(5));
 * c.kill(Signals.SIGTERM);
 * c.waitFor(Duration.ofSeconds(10)).orElseThrow();
 * c.delete();
 * }</pre>
 *
 * <p>The runtime needs root, liblxc 5, and the helpers {@code lxcri4j-start}, {@code lxcri4j-init}
 * and {@code lxcri4j-hook} in its libexec directory. The {@code lxcri4j-start} it spawns for each
 * container (the pid file's process, parent of liblxc's monitor) is a child of this JVM while the
 * JVM lives; the container does not depend on the JVM and goes on running when it exits.
 */
public final class ContainerRuntime {

    /** The runtime-spec version this runtime implements. */
    public static final String OCI_VERSION = "1.2.0";
    public static final Path DEFAULT_ROOT = Path.of("/run/lxcri4j");
    /** Where the installed helpers live, unless the {@code lxcri4j.libexec} system property says otherwise. */
    public static final Path DEFAULT_LIBEXEC = Path.of(System.getProperty("lxcri4j.libexec", "/usr/libexec/lxcri4j"));

    private final RuntimeContext ctx;

    private ContainerRuntime(RuntimeContext ctx) {
        this.ctx = ctx;
    }

    public static ContainerRuntime open(Path root, Path libexec) {
        return open(root, libexec, false);
    }

    /** @param debug liblxc logs at DEBUG into ROOT/ID/lxc.log instead of WARN */
    public static ContainerRuntime open(Path root, Path libexec, boolean debug) {
        return new ContainerRuntime(RuntimeContext.open(root, libexec, debug));
    }

    /** Creates a container from {@code bundle}: set up and stopped before its user process. Nothing is left on failure. */
    public Container create(String id, Path bundle, CreateOptions options) {
        CreateOperation.create(ctx, id, bundle, options);
        return new Container(ctx, id);
    }

    /** Creates and starts a container; a start failure deletes it again. */
    public Container run(String id, Path bundle, CreateOptions options) {
        Container c = create(id, bundle, options);
        try {
            c.start();
        } catch (OciException e) {
            c.forceDelete();
            throw e;
        }
        return c;
    }

    /** The handle of an existing container. */
    public Container container(String id) {
        return find(id).orElseThrow(() -> new OciException("container " + id + " does not exist"));
    }

    /** The handle of container {@code id}, if it exists (an invalid id is an error, not absent). */
    public Optional<Container> find(String id) {
        return Files.isDirectory(ctx.dir(id)) ? Optional.of(new Container(ctx, id)) : Optional.empty();
    }

    /**
     * Deletes container {@code id} whatever its state, killing its processes first; one that does
     * not exist is no error, as with runc (what a create killed early left is removed).
     */
    public void forceDelete(String id) {
        DeleteOperation.delete(ctx, id, true);
    }

    /** The state of every container, by id. */
    public List<State> list() {
        return StateOperation.list(ctx);
    }

    /** The runtime-spec features document: what this runtime and this liblxc support. */
    public static Map<String, Object> features() {
        return Features.document(Lxc.version());
    }
}
