package org.lxcri4j.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.spec.Hook;

/** The container's record on disk, which the C front end reads too: what is written is read back, and a damaged one is named. */
class RecordFormatTest {

    @TempDir
    Path root;

    private static ContainerRecord record(String id) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("z.last", "first in order");
        annotations.put("key=with=equals", "value with = and\nnew line");
        annotations.put("io.kubernetes.container.terminationMessagePath", "/dev/termination-log");
        return new ContainerRecord(id, "/bundles/b 1", annotations, 1234, 5678, 998877665544L, "2026-12-07T06:30:12.123Z",
                List.of(new Hook("/bin/poststart", List.of("poststart", "-x", ""), List.of("A=1", "B="), 5)),
                List.of(new Hook("/bin/one", List.of(), List.of(), null), new Hook("/bin/two", List.of("two"), List.of(), 1)),
                List.of("/sys/fs/cgroup/memory/a b", "/sys/fs/cgroup/pids/x"));
    }

    @Test
    void whatIsWrittenIsReadBackInOrder() throws IOException {
        ContainerStore store = new ContainerStore(root);
        store.create("c1").close();
        ContainerRecord r = record("c1");
        store.write(r);
        ContainerRecord back = store.read("c1");
        assertEquals(List.copyOf(r.annotations().keySet()), List.copyOf(back.annotations().keySet()));
        assertEquals(r.annotations(), back.annotations());
        assertEquals(r.poststart(), back.poststart());
        assertEquals(r.poststop().get(1), back.poststop().get(1));
        assertEquals("/bin/one", back.poststop().get(0).path());
        assertTrue(back.poststop().get(0).args().isEmpty());
        assertEquals(r.cgroups(), back.cgroups());
        assertEquals(List.of(r.id(), r.bundle(), r.created(), r.monitorPid(), r.initPid(), r.initStartTime()),
                List.of(back.id(), back.bundle(), back.created(), back.monitorPid(), back.initPid(), back.initStartTime()));
    }

    @Test
    void noRecordYetIsNoneAndADamagedOneIsNamed() throws IOException {
        ContainerStore store = new ContainerStore(root);
        store.create("c2").close();
        assertNull(store.read("c2"));
        store.write(record("c2"));
        Path file = root.resolve("c2").resolve("record");
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 3)); // cut short
        OciException cut = assertThrows(OciException.class, () -> store.read("c2"));
        assertTrue(cut.getMessage().contains(file + " is broken"), cut.getMessage());
        Files.writeString(file, "id=c2\0bundle=/b\0"); // fields missing
        assertThrows(ContainerStore.BrokenRecord.class, () -> store.read("c2"));
        Files.writeString(file, new String(whole).replace("initpid=5678", "initpid=5x"));
        assertThrows(ContainerStore.BrokenRecord.class, () -> store.read("c2"));
        Files.write(file, whole);
        Files.writeString(file, new String(whole).replace("id=c2", "id=other"));
        assertThrows(ContainerStore.BrokenRecord.class, () -> store.read("c2"), "a record of another container");
    }
}
