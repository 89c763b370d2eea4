package org.lxcri4j.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.lxcri4j.lxc.ExitStatus;
import org.lxcri4j.runtime.operation.CheckpointOperation;
import org.lxcri4j.runtime.operation.DeleteOperation;
import org.lxcri4j.runtime.operation.EventsOperation;
import org.lxcri4j.runtime.operation.ExecOperation;
import org.lxcri4j.runtime.operation.KillOperation;
import org.lxcri4j.runtime.operation.PauseOperation;
import org.lxcri4j.runtime.operation.RuntimeContext;
import org.lxcri4j.runtime.operation.StartOperation;
import org.lxcri4j.runtime.operation.StateOperation;
import org.lxcri4j.runtime.operation.UpdateOperation;
import org.lxcri4j.runtime.operation.WaitOperation;
import org.lxcri4j.runtime.spec.ProcessSpec;
import org.lxcri4j.runtime.spec.Resources;
import org.lxcri4j.runtime.spec.State;
import org.lxcri4j.runtime.store.ContainerId;
import org.lxcri4j.runtime.store.RuntimeFiles;

/**
 * A handle on one container of a {@link ContainerRuntime}. It holds only the id: every call reads the
 * container's state from disk under the container's lock, so handles in several threads or
 * processes (and the {@code lxcri4j} CLI) can act on the same container. A call on a container that
 * is gone, or in the wrong state for it, throws {@link OciException} and changes nothing.
 *
 * <p>Signals are numbers ({@link Signals#parse} turns names into them). Exit statuses are wait
 * statuses: {@link ExitStatus#code()} is what runc and a shell report (the code, or 128 + signal).
 */
public final class Container {

    private final RuntimeContext ctx;
    private final String id;

    Container(RuntimeContext ctx, String id) {
        this.ctx = ctx;
        this.id = ContainerId.validate(id);
    }

    public String id() {
        return id;
    }

    /** The OCI state: status (creating, created, running, paused, stopped), pid, bundle, annotations. */
    public State state() {
        return StateOperation.state(ctx, id);
    }

    /** When it was created (ISO-8601), empty while it is being created. */
    public String created() {
        return StateOperation.created(ctx, id);
    }

    /** Runs the user process of a created container (and the poststart hooks). */
    public void start() {
        StartOperation.start(ctx, id);
    }

    /** Signals the container process. */
    public void kill(int signal) {
        KillOperation.kill(ctx, id, signal, false);
    }

    /** Signals every process in the container. */
    public void killAll(int signal) {
        KillOperation.kill(ctx, id, signal, true);
    }

    /** Signals one process of the container, by host pid; a pid outside the container is refused. */
    public void signal(int pid, int signal) {
        KillOperation.signal(ctx, id, pid, signal);
    }

    /** Host pids of every process in the container; empty once it has stopped. */
    public List<Integer> pids() {
        return EventsOperation.pids(ctx, id);
    }

    /** Freezes every process (cgroup freezer); the state becomes paused. */
    public void pause() {
        PauseOperation.pause(ctx, id);
    }

    /** Thaws a paused container. */
    public void resume() {
        PauseOperation.resume(ctx, id);
    }

    /** Applies new limits to the live cgroups; the whole request is checked first, so a bad value changes nothing. */
    public void update(Resources resources) {
        UpdateOperation.update(ctx, id, resources);
    }

    /** The current resource usage. */
    public ResourceUsage stats() {
        return EventsOperation.stats(ctx, id);
    }

    /** Reads the resource usage every {@code interval} and hands it to {@code sink} until the container stops. */
    public void streamStats(Duration interval, Consumer<ResourceUsage> sink) {
        while (EventsOperation.alive(ctx, id)) {
            ResourceUsage usage;
            try {
                usage = EventsOperation.stats(ctx, id);
            } catch (OciException e) {
                if (EventsOperation.alive(ctx, id)) {
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
    public ProcessSpec process() {
        return ExecOperation.containerProcess(ctx, id);
    }

    /** Starts {@code process} in the container (every namespace, its cgroup, the process's credentials). */
    public AttachedProcess exec(ProcessSpec process) {
        return exec(process, ExecOptions.defaults());
    }

    public AttachedProcess exec(ProcessSpec process, ExecOptions options) {
        ExecOperation.Started s = ExecOperation.exec(ctx, id, process, options);
        AttachedProcess p = new AttachedProcess(id, s.pid(), s.stdin(), s.stdout(), s.stderr());
        if (s.terminalSocket() >= 0) {
            p.terminal(Terminal.receive(id, s.terminalSocket(), p));
        }
        if (options.pidFile() != null) {
            RuntimeFiles.writePidFile(options.pidFile(), p.pid());
        }
        return p;
    }

    /** Waits for the container process to exit and returns its status. */
    public ExitStatus waitFor() {
        Optional<ExitStatus> status;
        do {
            status = WaitOperation.await(ctx, id, Duration.ofDays(1));
        } while (status.isEmpty());
        return status.get();
    }

    /** Waits up to {@code timeout} for the container process to exit; empty if it still runs. */
    public Optional<ExitStatus> waitFor(Duration timeout) {
        return WaitOperation.await(ctx, id, timeout);
    }

    /** The container process's exit status, once it has exited. */
    public Optional<ExitStatus> exitStatus() {
        return WaitOperation.exitStatus(ctx, id);
    }

    /** Dumps the running container with CRIU into {@code imagePath}; with {@code leaveRunning} it goes on running. */
    public void checkpoint(Path imagePath, boolean leaveRunning) {
        CheckpointOperation.checkpoint(ctx, id, imagePath, leaveRunning);
    }

    /** Restores a stopped container from a checkpoint. */
    public void restore(Path imagePath) {
        CheckpointOperation.restore(ctx, id, imagePath);
    }

    /** Deletes a created or stopped container (poststop hooks run). */
    public void delete() {
        DeleteOperation.delete(ctx, id, false);
    }

    /** Deletes it whatever its state, killing its processes first. */
    public void forceDelete() {
        DeleteOperation.delete(ctx, id, true);
    }

    @Override
    public String toString() {
        return "Container[" + id + "]";
    }
}
