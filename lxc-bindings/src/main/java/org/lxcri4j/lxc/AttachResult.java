package org.lxcri4j.lxc;

/** What {@link LxcContainer#execute} collected: the exit status and the process's output. */
public record AttachResult(ExitStatus status, String stdout, String stderr) {
}
