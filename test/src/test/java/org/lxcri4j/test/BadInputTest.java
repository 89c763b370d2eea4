package org.lxcri4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input: a clear one-line error on stderr, a runc-style JSON entry in --log, exit 1, and
 * nothing left behind (runtime dir, cgroup, mount, process).
 */
class BadInputTest extends RuntimeTestBase {

    private void assertNothingLeft(String id, Bundle b) throws Exception {
        assertEquals(List.of(), waitForNoLeftovers(id, b.dir));
    }

    @Test
    void malformedJson() throws Exception {
        String id = newId();
        Bundle b = bundle();
        b.write();
        Files.writeString(b.dir.resolve("config.json"), "{\"ociVersion\": \"1.2.0\", \"process\": ");
        assertFailure(cli("create", "--bundle", b.dir.toString(), id), "malformed JSON at line 1");
        assertNothingLeft(id, b);
    }

    @Test
    void invalidFieldValueNamesItsPath() throws Exception {
        String id = newId();
        Bundle b = bundle();
        b.process().put("oomScoreAdj", "high");
        assertFailure(create(id, b), "$.process.oomScoreAdj");
        assertNothingLeft(id, b);
    }

    @Test
    void missingRequiredFieldsNameTheirPath() throws Exception {
        String id = newId();
        Bundle b = bundle();
        b.process().remove("args");
        assertFailure(create(id, b), "$.process.args");
        Bundle c = bundle();
        c.config.remove("ociVersion");
        assertFailure(create(id, c), "$.ociVersion");
        assertNothingLeft(id, b);
    }

    @Test
    void valuesTheSpecForbidsOrLiblxcCannotApplyAreRejectedByField() throws Exception {
        String id = newId();
        Bundle rlimits = bundle();
        var list = rlimits.process().putArray("rlimits");
        list.addObject().put("type", "RLIMIT_NOFILE").put("soft", 10).put("hard", 10);
        list.addObject().put("type", "RLIMIT_NOFILE").put("soft", 20).put("hard", 20);
        assertFailure(create(id, rlimits), "$.process.rlimits[1].type RLIMIT_NOFILE is listed twice");
        Bundle masked = bundle();
        masked.linux().putArray("maskedPaths").add("proc/kcore");
        assertFailure(create(id, masked), "$.linux.maskedPaths[0] must be an absolute path");
        Bundle readonly = bundle();
        readonly.linux().putArray("readonlyPaths").add("/proc/sys").add("sys");
        assertFailure(create(id, readonly), "$.linux.readonlyPaths[1] must be an absolute path");
        Bundle namespace = bundle();
        ((com.fasterxml.jackson.databind.node.ObjectNode) namespace.linux().get("namespaces").get(0)).put("path", "proc/1/ns/pid");
        assertFailure(create(id, namespace), ".path must be an absolute path");
        Bundle annotation = bundle();
        annotation.config.putObject("annotations").put("", "x");
        assertFailure(create(id, annotation), "$.annotations keys must not be empty");
        Bundle dirsync = bundle();
        ((com.fasterxml.jackson.databind.node.ArrayNode) dirsync.config.get("mounts")).addObject().put("destination", "/mnt")
                .put("type", "tmpfs").put("source", "tmpfs").putArray("options").add("dirsync");
        assertFailure(create(id, dirsync), ".options: dirsync is not supported");
        Bundle version = bundle();
        version.config.put("ociVersion", "1.0");
        assertFailure(create(id, version), "$.ociVersion must be a SemVer 2.0.0 version: 1.0");
        Bundle errno = withMkdirRule("SCMP_ACT_KILL");
        ((com.fasterxml.jackson.databind.node.ObjectNode) errno.linux().get("seccomp").get("syscalls").get(0)).put("errnoRet", 1);
        assertFailure(create(id, errno), "$.linux.seccomp.syscalls[0].action: SCMP_ACT_KILL takes no errno");
        assertNothingLeft(id, errno);
    }

    @Test
    void missingRootfs() throws Exception {
        String id = newId();
        Bundle b = bundle();
        ((com.fasterxml.jackson.databind.node.ObjectNode) b.config.get("root")).put("path", "no-such-rootfs");
        assertFailure(create(id, b), "does not exist");
        assertNothingLeft(id, b);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", "..", ".hidden", "white space", "x\u0001y"})
    void hostileIdsAreRejected(String id) throws Exception {
        Bundle b = bundle();
        assertFailure(cli("create", "--bundle", b.write().toString(), id), "invalid container id");
        assertFalse(Files.exists(root.resolve(id)));
        assertFalse(Files.exists(root.getParent().resolve("x")), "nothing created outside --root");
    }

    @Test
    void overlongIdIsRejected() throws Exception {
        assertFailure(cli("create", "--bundle", bundle().write().toString(), "x".repeat(201)), "longer than 200");
    }

    @Test
    void duplicateIdLeavesTheFirstContainerIntact() throws Exception {
        String id = newId();
        Bundle b = bundle().args("sleep", "100");
        assertEquals(0, create(id, b).exit());
        int pid = state(id).get("pid").asInt();
        assertFailure(cli("create", "--bundle", bundle().write().toString(), id), "already exists");
        assertEquals("created", state(id).get("status").asText());
        assertEquals(pid, state(id).get("pid").asInt());
    }

    @Test
    void wrongStatesAreRefused() throws Exception {
        String id = newId();
        assertEquals(0, create(id, bundle().args("sleep", "100")).exit());
        assertEquals(0, cli("start", id).exit());
        assertFailure(cli("start", id), "not created");
        assertFailure(cli("delete", id), "not stopped");
        assertEquals("running", state(id).get("status").asText(), "nothing changed");
        assertFailure(cli("kill", id, "SIGNOPE"), "unknown signal");
        assertEquals("running", state(id).get("status").asText());
        assertEquals(0, cli("delete", "--force", id).exit());
    }

    @Test
    void unknownContainerCommandAndFlag() throws Exception {
        assertFailure(cli("state", "nosuchcontainer"), "does not exist");
        assertFailure(cli("delete", "nosuchcontainer"), "does not exist");
        assertEquals(0, cli("delete", "--force", "nosuchcontainer").exit(), "as runc: forced delete of nothing succeeds");
        assertFailure(cli("start", "nosuchcontainer"), "does not exist");
        assertFailure(cli("frobnicate", "x"), "unknown command");
        assertFailure(cli("create", "--bundel", "/tmp", "x"), "flag provided but not defined");
        assertFailure(cli("create", "--preserve-fds", "50", "--bundle", "/tmp", "x"), "is not open");
        assertFailure(cli("create", "--preserve-fds", "two", "--bundle", "/tmp", "x"), "--preserve-fds two: not a number");
        assertFailure(cli("run", "--preserve-fds", "-1", "--bundle", "/tmp", "x"), "--preserve-fds -1: expected 0 to 1024");
    }

    @Test
    void globalFlagsAsRuncSpellsThem() throws Exception {
        // --rootless takes a value in runc; --systemd-cgroup, --criu and --debug are accepted too.
        for (String rootless : List.of("false", "true", "auto")) {
            Cli.Result r = cli("--rootless", rootless, "--systemd-cgroup", "--criu", "/usr/sbin/criu", "--debug", "list");
            assertEquals(0, r.exit(), rootless + ": " + r.stderr());
        }
        assertFailure(cli("--rootless", "maybe", "list"), "invalid --rootless value maybe");
    }

    @Test
    void unsupportedFieldIsRejectedByName() throws Exception {
        String id = newId();
        Bundle b = bundle();
        b.linux().putObject("intelRdt").put("closID", "x");
        assertFailure(create(id, b), "$.linux.intelRdt");
        assertNothingLeft(id, b);
    }

    @Test
    void missingProgramFailsCreateNamingThePathAndTheReason() throws Exception {
        // as runc: the program is looked up while creating, so create fails (podman then reports 127)
        String id = newId();
        Path message = tmp.resolve("termination-log");
        Bundle b = bundle().args("no-such-program", "arg");
        b.config.putObject("annotations").put("io.kubernetes.container.terminationMessagePath", message.toString());
        assertFailure(create(id, b), "exec \"no-such-program\": No such file or directory");
        assertTrue(Files.readString(message).contains("no-such-program"), "termination message written");
        assertNothingLeft(id, b);
        String dir = newId();
        Bundle notAProgram = bundle().args("/bin");
        assertFailure(create(dir, notAProgram), "exec \"/bin\": Permission denied");
        assertNothingLeft(dir, notAProgram);
    }

    /** A bundle whose seccomp profile allows everything but one rule for mkdir. */
    private Bundle withMkdirRule(String action) {
        Bundle b = bundle().args("true");
        var rule = b.linux().putObject("seccomp").put("defaultAction", "SCMP_ACT_ALLOW").putArray("syscalls").addObject();
        rule.putArray("names").add("mkdir");
        rule.put("action", action);
        return b;
    }

    @Test
    void seccompArgumentBeyondTheSixthIsRejectedByField() throws Exception {
        String id = newId();
        Bundle b = withMkdirRule("SCMP_ACT_ERRNO");
        ((com.fasterxml.jackson.databind.node.ObjectNode) b.linux().get("seccomp").get("syscalls").get(0))
                .putArray("args").addObject().put("index", 6).put("value", 1).put("op", "SCMP_CMP_EQ");
        assertFailure(create(id, b), "$.linux.seccomp.syscalls[0].args[0].index: must be 0 to 5");
        assertNothingLeft(id, b);
    }

    @Test
    void seccompActionWithoutItsListenerAndUnknownFlagsAreRejectedByField() throws Exception {
        String id = newId();
        Bundle b = withMkdirRule("SCMP_ACT_NOTIFY");
        assertFailure(create(id, b), "$.linux.seccomp.syscalls[0].action");
        assertNothingLeft(id, b);
        Bundle flags = withMkdirRule("SCMP_ACT_ERRNO");
        ((com.fasterxml.jackson.databind.node.ObjectNode) flags.linux().get("seccomp")).putArray("flags")
                .add("SECCOMP_FILTER_FLAG_LOG").add("SECCOMP_FILTER_FLAG_NEW_LISTENER");
        assertFailure(create(id, flags), "$.linux.seccomp.flags[1]: unsupported seccomp flag SECCOMP_FILTER_FLAG_NEW_LISTENER");
        assertNothingLeft(id, flags);
    }
}
