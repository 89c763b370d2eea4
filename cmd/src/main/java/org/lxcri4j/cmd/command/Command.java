package org.lxcri4j.cmd.command;

import java.util.List;
import java.util.Set;

import org.lxcri4j.runtime.ContainerRuntime;
import org.lxcri4j.runtime.OciException;

/**
 * One CLI command: its arguments, parsed as runc parses them (a record per command), and what it
 * does with the runtime API.
 */
public sealed interface Command permits CreateCommand, StartCommand, StateCommand, KillCommand, DeleteCommand, RunCommand,
        ListCommand, ExecCommand, UpdateCommand, EventsCommand, FeaturesCommand, CheckpointCommand, RestoreCommand,
        PauseCommand, ResumeCommand, PsCommand, SpecCommand {

    /** Runs it; returns the exit status. */
    int run(ContainerRuntime runtime);

    /** The command {@code name} with its arguments {@code argv}; bad arguments throw, naming the flag. */
    static Command parse(String name, List<String> argv) {
        return switch (name) {
            case "create" -> CreateCommand.parse(argv);
            case "start" -> new StartCommand(Args.parse(argv, Set.of(), Set.of(), false).id(name));
            case "state" -> new StateCommand(Args.parse(argv, Set.of(), Set.of(), false).id(name));
            case "kill" -> KillCommand.parse(argv);
            case "delete" -> DeleteCommand.parse(argv);
            case "run" -> RunCommand.parse(argv);
            case "list" -> ListCommand.parse(argv);
            case "exec" -> ExecCommand.parse(argv);
            case "update" -> UpdateCommand.parse(argv);
            case "events" -> EventsCommand.parse(argv);
            case "features" -> FeaturesCommand.parse(argv);
            case "checkpoint" -> CheckpointCommand.parse(argv);
            case "restore" -> RestoreCommand.parse(argv);
            case "pause" -> new PauseCommand(Args.parse(argv, Set.of(), Set.of(), false).id(name));
            case "resume" -> new ResumeCommand(Args.parse(argv, Set.of(), Set.of(), false).id(name));
            case "ps" -> PsCommand.parse(argv);
            case "spec" -> SpecCommand.parse(argv);
            default -> throw new OciException("unknown command " + name);
        };
    }
}
