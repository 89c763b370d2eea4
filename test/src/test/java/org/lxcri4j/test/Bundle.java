package org.lxcri4j.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.lxcri4j.lxc.lab.BusyboxRootfs;
import org.lxcri4j.runtime.DefaultSpec;

/** An OCI bundle: a busybox rootfs and the default config.json of `lxcri4j spec`, without a terminal. */
final class Bundle {

    static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final ObjectNode config;

    Bundle(Path dir) {
        this.dir = dir;
        BusyboxRootfs.build(dir.resolve("rootfs"));
        this.config = defaultConfig();
    }

    ObjectNode process() {
        return (ObjectNode) config.get("process");
    }

    ObjectNode linux() {
        return (ObjectNode) config.get("linux");
    }

    Bundle args(String... args) {
        ArrayNode a = process().putArray("args");
        for (String s : args) {
            a.add(s);
        }
        return this;
    }

    /** `sh -c SCRIPT` */
    Bundle sh(String script) {
        return args("sh", "-c", script);
    }

    Path write() {
        try {
            Files.writeString(dir.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** `lxcri4j spec`'s default without a terminal, named for the tests. */
    static ObjectNode defaultConfig() {
        try {
            ObjectNode c = (ObjectNode) JSON.readTree(DefaultSpec.json(false, 0, 0));
            ((ObjectNode) c.get("process")).put("terminal", false);
            c.put("hostname", "lxcri4j-test");
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(String s) {
        return s.lines().toList();
    }
}
