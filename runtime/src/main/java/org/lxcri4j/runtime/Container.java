package org.lxcri4j.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.lxcri4j.lxc.ExitStatus;
import org.lxcri4j.runtime.spec.Resources;
import org.lxcri4j.runtime.spec.State;

/**
 * A handle on one container of a {@link Runtime}. It holds only the id: every call reads the
 * container's state from disk under the container's lock, so handles in several threads or
 * processes (and the {@code lxcri4j} CLI) can act on the same container. A call on a container that
 * is gone, or in the wrong state for it, throws {@link OciException} and changes nothing.
 *
 * <p>Signals are numbers ({@link Signals#parse} turns names into them). Exit statuses are wait
 * statuses: {@link ExitStatus#code()} is what runc and a shell report (the code, or 128 + signal).
 */
public final class Container {

    private final OciRuntime engine;
    private final String id;

    Container(OciRuntime engine, String id) {
        this.engine = engine;
        this.id = ContainerId.validate(id);
    }

    public String id() {
        return id;
    }

    /** The OCI state: status (creating, created, running, paused, stopped), pid, bundle, annotations. */
    public State state() {
        return engine.state(id);
    }

    /** When it was created (ISO-8601), empty while it is being created. */
    public String created() {
        return engine.created(id);
    }

    /** Runs the user process of a created container (and the poststart hooks). */
    public void start() {
        engine.start(id);
    }

    /** Signals the container process. */
    public void kill(int signal) {
        engine.kill(id, signal, false);
    }

    /** Signals every process in the container. */
    public void killAll(int signal) {
        engine.kill(id, signal, true);
    }

    /** Signals one process of the container, by host pid; a pid outside the container is refused. */
    public void signal(int pid, int signal) {
        engine.signal(id, pid, signal);
    }

    /** Host pids of every process in the container; empty once it has stopped. */
    public List<Integer> pids() {
        return engine.pids(id);
    }

    /** Freezes every process (cgroup freezer); the state becomes paused. */
    public void pause() {
        engine.pause(id);
    }

    /** Thaws a paused container. */
    public void resume() {
        engine.resume(id);
    }

    /** Applies new limits to the live cgroups; the whole request is checked first, so a bad value changes nothing. */
    public void update(Resources resources) {
        engine.update(id, resources);
    }

    /** The current resource usage. */
    public ResourceUsage stats() {
        return engine.stats(id);
    }

    /** Reads the resource usage every {@code interval} and hands it to {@code sink} until the container stops. */
    public void streamStats(Duration interval, Consumer<ResourceUsage> sink) {
        while (engine.alive(id)) {
            ResourceUsage usage;
            try {
                usage = engine.stats(id);
            } catch (OciException e) {
                if (engine.alive(id)) {
                    throw e;
                }
                return; // stopped between the check and the read
            }
            sink.accept(usage);
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The container's own process from its bundle's config.json: the defaults for {@link #exec}. */
    public org.lxcri4j.runtime.spec.Process process() {
        return engine.containerProcess(id);
    }

    /** Starts {@code process} in the container (every namespace, its cgroup, the process's credentials). */
    public AttachedProcess exec(org.lxcri4j.runtime.spec.Process process) {
        return exec(process, ExecOptions.defaults());
    }

    public AttachedProcess exec(org.lxcri4j.runtime.spec.Process process, ExecOptions options) {
        return engine.exec(id, process, options);
    }

    /** Waits for the container process to exit and returns its status. */
    public ExitStatus waitFor() {
        Optional<ExitStatus> status;
        do {
            status = engine.await(id, Duration.ofDays(1));
        } while (status.isEmpty());
        return status.get();
    }

    /** Waits up to {@code timeout} for the container process to exit; empty if it still runs. */
    public Optional<ExitStatus> waitFor(Duration timeout) {
        return engine.await(id, timeout);
    }

    /** The container process's exit status, once it has exited. */
    public Optional<ExitStatus> exitStatus() {
        return engine.exitStatus(id);
    }

    /** Dumps the running container with CRIU into {@code imagePath}; with {@code leaveRunning} it goes on running. */
    public void checkpoint(Path imagePath, boolean leaveRunning) {
        engine.checkpoint(id, imagePath, leaveRunning);
    }

    /** Restores a stopped container from a checkpoint. */
    public void restore(Path imagePath) {
        engine.restore(id, imagePath);
    }

    /** Deletes a created or stopped container (poststop hooks run). */
    public void delete() {
        engine.delete(id, false);
    }

    /** Deletes it whatever its state, killing its processes first. */
    public void forceDelete() {
        engine.delete(id, true);
    }

    @Override
    public String toString() {
        return "Container[" + id + "]";
    }
}
