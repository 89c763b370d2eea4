package org.lxcri4j.runtime.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.SpecReader;
import org.lxcri4j.runtime.spec.Seccomp;

/** linux.seccomp compiled by libseccomp into the classic BPF program the init loads: no container needed. */
class SeccompProfileTest {

    private static SeccompProfile.Filter compile(String json) {
        return SeccompProfile.compile(SpecReader.parsePart(json, "test", Seccomp.class));
    }

    @Test
    void aProfileBecomesAFilterThatChecksTheArchitectureFirst() {
        SeccompProfile.Filter f = compile("""
                {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
                 "flags": ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG"],
                 "syscalls": [{"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"},
                   {"names": ["kill"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "args": [{"index": 1, "value": 9, "op": "SCMP_CMP_EQ"}]}]}
                """);
        assertEquals(3, f.flags(), "TSYNC | LOG");
        assertEquals(0, f.program().length % 8, "sock_filter instructions");
        ByteBuffer first = ByteBuffer.wrap(f.program(), 0, 8).order(ByteOrder.nativeOrder());
        assertEquals(0x20, first.getShort(0), "BPF_LD | BPF_W | BPF_ABS");
        assertEquals(4, first.getInt(4), "of seccomp_data.arch");
        SeccompProfile.Filter other = compile("""
                {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_KILL_PROCESS"}]}
                """);
        assertFalse(Arrays.equals(f.program(), other.program()));
        assertEquals(0, other.flags());
    }

    @Test
    void whatLibseccompCannotDoIsRefusedByPath() {
        assertEquals("$.linux.seccomp.flags[0]: unsupported seccomp flag SECCOMP_FILTER_FLAG_NEW_LISTENER",
                assertThrows(OciException.class, () -> compile("{\"defaultAction\": \"SCMP_ACT_ALLOW\","
                        + " \"flags\": [\"SECCOMP_FILTER_FLAG_NEW_LISTENER\"]}")).getMessage());
        assertEquals("$.linux.seccomp.architectures[0]: unknown architecture SCMP_ARCH_VAX", assertThrows(OciException.class,
                () -> compile("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_VAX\"]}")).getMessage());
        assertEquals("$.linux.seccomp.syscalls[0].names: at least one syscall name is required", assertThrows(OciException.class,
                () -> compile("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"action\": \"SCMP_ACT_ERRNO\"}]}")).getMessage());
        assertEquals("$.linux.seccomp.listenerPath: seccomp notify listeners are not supported yet", assertThrows(OciException.class,
                () -> compile("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"/run/x.sock\"}")).getMessage());
    }
}
