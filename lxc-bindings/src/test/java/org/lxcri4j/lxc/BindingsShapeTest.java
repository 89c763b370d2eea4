package org.lxcri4j.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.lxcri4j.lxc.bindings.lxc_container;
import org.lxcri4j.lxc.bindings.lxc_h;

/**
 * The generated layer against the installed header: one nested class per function-pointer member
 * of {@code struct lxc_container}, in header order, each with a descriptor whose arity matches the
 * C prototype; every exported function resolves in liblxc.
 */
class BindingsShapeTest {

    private static final Path HEADER = Path.of("/usr/include/lxc/lxccontainer.h");

    static List<String[]> headerMembers() throws IOException {
        String h = Files.readString(HEADER);
        String body = h.substring(h.indexOf("struct lxc_container {"));
        body = body.substring(0, body.indexOf("\n};"));
        body = body.replaceAll("(?s)/\\*.*?\\*/", "");
        Matcher m = Pattern.compile("\\(\\*(\\w+)\\)\\s*\\(([^;]*)\\)\\s*;").matcher(body);
        List<String[]> members = new ArrayList<>();
        while (m.find()) {
            members.add(new String[] {m.group(1), m.group(2)});
        }
        return members;
    }

    @Test
    void everyFunctionPointerMemberHasItsGeneratedClassAndApiMember() throws Exception {
        List<String[]> members = headerMembers();
        assertEquals(61, members.size(), "liblxc 5.0 has 61 function-pointer members");
        assertEquals(members.stream().map(x -> x[0]).toList(),
                Arrays.stream(Member.values()).map(Member::cName).toList(), "Member follows the header");
        for (String[] member : members) {
            String name = member[0];
            Class<?> nested = Class.forName(lxc_container.class.getName() + "$" + name);
            FunctionDescriptor d = (FunctionDescriptor) nested.getMethod("descriptor").invoke(null);
            boolean variadic = member[1].trim().endsWith("...");
            long cParams = Arrays.stream(member[1].split(",")).map(String::trim).filter(s -> !s.equals("...")).count();
            assertEquals(cParams, d.argumentLayouts().size(), name + " arity");
            if (variadic) {
                assertNotNull(nested.getMethod("makeInvoker", java.lang.foreign.MemoryLayout[].class), name);
            } else {
                Class<?> fi = Class.forName(nested.getName() + "$Function");
                assertTrue(fi.isInterface(), name + ".Function");
                Method invoke = Arrays.stream(nested.getMethods()).filter(x -> x.getName().equals("invoke"))
                        .findFirst().orElseThrow();
                assertTrue(Modifier.isStatic(invoke.getModifiers()), name + ".invoke");
                assertEquals(MemorySegment.class, invoke.getParameterTypes()[0], name + ".invoke takes the pointer");
            }
            assertNotNull(lxc_container.class.getMethod(name, MemorySegment.class), name + " getter");
        }
    }

    @Test
    void exportedFunctionsResolveInLiblxc() {
        for (MemorySegment address : List.of(lxc_h.lxc_container_new$address(), lxc_h.lxc_container_get$address(),
                lxc_h.lxc_container_put$address(), lxc_h.lxc_get_wait_states$address(),
                lxc_h.lxc_get_global_config_item$address(), lxc_h.lxc_get_version$address(),
                lxc_h.list_defined_containers$address(), lxc_h.list_active_containers$address(),
                lxc_h.list_all_containers$address(), lxc_h.lxc_log_init$address(), lxc_h.lxc_log_close$address(),
                lxc_h.lxc_config_item_is_supported$address(), lxc_h.lxc_has_api_extension$address(),
                lxc_h.lxc_attach_run_command$address(), lxc_h.lxc_attach_run_shell$address())) {
            assertFalse(address.equals(MemorySegment.NULL));
        }
    }

    @Test
    void constantsMatchTheHeaders() throws Exception {
        String version = Files.readString(Path.of("/usr/include/lxc/version.h"));
        assertTrue(version.contains("#define LXC_VERSION \"" + lxc_h.LXC_VERSION().getString(0) + "\""));
        assertTrue(version.contains("#define LXC_VERSION_ABI \"" + lxc_h.LXC_VERSION_ABI().getString(0) + "\""));
        assertEquals(Lxc.version(), lxc_h.LXC_VERSION().getString(0), "headers and library agree");
        String attach = Files.readString(Path.of("/usr/include/lxc/attach_options.h"));
        for (AttachFlag f : AttachFlag.values()) {
            Matcher m = Pattern.compile("LXC_ATTACH_" + f.name() + "\\s*=\\s*(0x[0-9A-Fa-f]+)").matcher(attach);
            assertTrue(m.find(), f.name());
            assertEquals(Integer.decode(m.group(1)), f.bit(), f.name());
        }
        String container = Files.readString(HEADER);
        for (CloneFlag f : CloneFlag.values()) {
            String c = "LXC_CLONE_" + f.name().replace("_", "").replace("MAYBESNAPSHOT", "MAYBE_SNAPSHOT")
                    .replace("ALLOWRUNNING", "ALLOW_RUNNING");
            Matcher m = Pattern.compile(c + "\\s+\\(1 << (\\d+)\\)").matcher(container);
            assertTrue(m.find(), c);
            assertEquals(1 << Integer.parseInt(m.group(1)), f.bit(), c);
        }
    }

    @Test
    void generatedFunctionPointerInvokeCallsLiblxc() {
        // Drives a member through the raw generated layer, bypassing the Java API.
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment c = lxc_h.lxc_container_new(arena.allocateFrom("l4j-raw-probe"),
                    arena.allocateFrom(System.getProperty("java.io.tmpdir")));
            assertFalse(c.equals(MemorySegment.NULL));
            try {
                MemorySegment s = c.reinterpret(lxc_container.sizeof());
                assertFalse(lxc_container.is_defined.invoke(lxc_container.is_defined(s), s));
                assertEquals("STOPPED", lxc_container.state.invoke(lxc_container.state(s), s).getString(0));
                assertEquals("l4j-raw-probe", lxc_container.name(s).getString(0));
            } finally {
                lxc_h.lxc_container_put(c);
            }
        }
    }
}
