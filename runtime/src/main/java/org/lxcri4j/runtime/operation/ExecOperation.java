package org.lxcri4j.runtime.operation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.lxcri4j.lxc.AttachFlag;
import org.lxcri4j.lxc.AttachOptions;
import org.lxcri4j.lxc.EnvPolicy;
import org.lxcri4j.lxc.LxcContainer;
import org.lxcri4j.lxc.LxcException;
import org.lxcri4j.runtime.ExecOptions;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.SpecReader;
import org.lxcri4j.runtime.os.Posix;
import org.lxcri4j.runtime.os.PreservedFds;
import org.lxcri4j.runtime.protocol.CHeader;
import org.lxcri4j.runtime.protocol.RecordKey;
import org.lxcri4j.runtime.protocol.RuntimeFile;
import org.lxcri4j.runtime.spec.ProcessSpec;
import org.lxcri4j.runtime.spec.State;
import org.lxcri4j.runtime.store.ContainerLock;
import org.lxcri4j.runtime.store.ContainerRecord;
import org.lxcri4j.runtime.store.RuntimeFiles;
import org.lxcri4j.runtime.translate.LsmLabels;
import org.lxcri4j.runtime.translate.ProcessRecords;

/** exec: liblxc attach running the container's own init in exec mode. */
public final class ExecOperation {

    private ExecOperation() {
    }

    /**
     * Starts {@code process} in the container's namespaces and cgroup, through liblxc attach and the
     * container's own init binary (which applies user, groups, rlimits, capabilities and
     * no_new_privs as for the first process). The process is this one's child; with a terminal
     * and no console socket, {@link Started#terminalSocket} is where its init sends the pty master.
     */
    public static Started exec(RuntimeContext ctx, String id, ProcessSpec process, ExecOptions options) {
        Path consoleSocket = options.consoleSocket();
        try (ContainerLock lock = ctx.store().lock(id)) {
            ContainerRecord r = ContainerStatus.requireRecord(ctx, id);
            String status = ContainerStatus.status(ctx, r);
            if (!status.equals(State.RUNNING) && !status.equals(State.CREATED)) {
                throw new OciException("cannot exec in container " + id + ": it is " + status);
            }
            boolean terminal = Boolean.TRUE.equals(process.terminal());
            if (!terminal && consoleSocket != null) {
                throw new OciException("exec: --console-socket needs a terminal (--tty or process.terminal)");
            }
            if (process.args() == null || process.args().isEmpty()) {
                throw new OciException("exec: process.args must name a program");
            }
            if (process.cwd() == null || !process.cwd().startsWith("/")) {
                throw new OciException("exec: process.cwd must be an absolute path");
            }
            List<String> records = new ArrayList<>(ProcessRecords.of(process, "$.process"));
            records.addAll(RuntimeFiles.readRecords(RuntimeFile.EXEC_RECORDS.in(ctx.dir(id))));
            // the exec's own SELinux label or AppArmor profile, where it gives one
            String selinux = LsmLabels.selinux(process, "$.process");
            String apparmor = LsmLabels.apparmor(process, "$.process");
            String label = selinux != null ? selinux : apparmor;
            if (terminal) {
                records.add(RecordKey.TTY.flag());
                var size = process.consoleSize();
                if (size != null && size.height() != null && size.width() != null) {
                    records.add(RecordKey.CONSOLE_SIZE.of(size.height() + ":" + size.width()));
                }
            }
            records.addAll(ProcessRecords.rlimits(process.rlimits(), "$.process.rlimits"));
            if (options.preserveFds() > 0) {
                PreservedFds.requireOpen(options.preserveFds());
                // liblxc attach passes on all of this process's descriptors; the init keeps these.
                records.add(RecordKey.PRESERVE_FDS.of(options.preserveFds()));
            }
            if (terminal && (options.stdin() != ProcessBuilder.Redirect.INHERIT
                    || options.stdout() != ProcessBuilder.Redirect.INHERIT || options.stderr() != ProcessBuilder.Redirect.INHERIT)) {
                throw new OciException("exec: a terminal replaces stdio; it cannot also be piped");
            }
            Started started;
            try (LxcContainer c = LxcContainer.open(id, ctx.store().root()); ExecStdio stdio = new ExecStdio(options)) {
                // The init applies credentials itself: keep liblxc from dropping capabilities first.
                // LSM_EXEC: the container's AppArmor profile, if any, as the first process has it
                // (the seccomp program is the init's to load).
                var flags = java.util.EnumSet.of(AttachFlag.MOVE_TO_CGROUP, AttachFlag.SET_PERSONALITY, AttachFlag.LSM_EXEC);
                if (label != null) {
                    flags.add(AttachFlag.LSM_LABEL);
                }
                AttachOptions attach = AttachOptions.defaults().withFlags(flags).withLsmLabel(label)
                        .withEnv(EnvPolicy.CLEAR, List.of(), List.of())
                        .withStdio(stdio.childStdin(), stdio.childStdout(), stdio.childStderr());
                // A terminal: the init gets the console socket as stdin and sends the pty master over
                // it; without a console socket, over a socket pair whose other end this process keeps.
                int[] pair = terminal && consoleSocket == null ? Posix.socketpair() : null;
                int console = !terminal ? -1 : pair != null ? pair[0] : Posix.connectUnix(consoleSocket);
                // The records (and the container's seccomp program) reach the init as inherited
                // memfds: no file of them exists in the container.
                Path program = RuntimeFile.SECCOMP_PROGRAM.in(ctx.dir(id));
                int seccomp = Files.exists(program) ? Posix.memfd("lxcri4j-seccomp", Files.readAllBytes(program)) : -1;
                if (seccomp >= 0) {
                    records.add(RecordKey.SECCOMP_FD.of(seccomp));
                }
                int conf = Posix.memfd("lxcri4j-exec", RuntimeFiles.records(records));
                try {
                    if (console >= 0) {
                        attach = attach.withStdio(console, console, console);
                    }
                    int pid = c.attach(attach, List.of("/" + RuntimeFile.INIT_DIR + "/init", CHeader.INIT_EXEC_FD, Integer.toString(conf)));
                    started = new Started(pid, stdio.stdin(), stdio.stdout(), stdio.stderr(), pair == null ? -1 : pair[1]);
                } finally {
                    Posix.close(conf);
                    if (seccomp >= 0) {
                        Posix.close(seccomp);
                    }
                    if (console >= 0) {
                        Posix.close(console);
                    }
                }
            } catch (LxcException e) {
                throw new OciException("exec in " + id + ": " + e.getMessage());
            }
            return started;
        } catch (IOException e) {
            throw new OciException("exec in " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * An exec'd process: its pid, this process's ends of its piped stdio, and the socket its
     * init sends the pty master over (-1 unless it has a terminal and there is no console socket).
     */
    public record Started(int pid, OutputStream stdin, InputStream stdout, InputStream stderr, int terminalSocket) {
    }

    /** The container's own process from its bundle: the defaults of `exec` without --process. */
    public static ProcessSpec containerProcess(RuntimeContext ctx, String id) {
        return SpecReader.read(Path.of(ContainerStatus.requireRecord(ctx, id).bundle())).process();
    }
}
