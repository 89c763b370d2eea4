package org.lxcri4j.runtime.translate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.lxcri4j.runtime.cgroup.CgroupLayout;
import org.lxcri4j.runtime.protocol.Namespace;
import org.lxcri4j.runtime.protocol.RecordKey;
import org.lxcri4j.runtime.protocol.RuntimeFile;
import org.lxcri4j.runtime.spec.Hook;
import org.lxcri4j.runtime.spec.Linux;
import org.lxcri4j.runtime.spec.Spec;

/**
 * Translates a runtime spec into liblxc config items and helper records, one section class per
 * part of the spec. Every field is either translated or rejected with an
 * {@link org.lxcri4j.runtime.OciException} naming its JSON path; nothing set is dropped. The
 * module README's table lists the class that translates each field.
 */
public final class Translator {

    private Translator() {
    }

    /**
     * @param containerDir the container's runtime directory (ROOT/ID)
     * @param hookBinary   lxcri4j-hook
     * @param preserveFds  descriptors 3 .. 3+N-1 the process gets; the box follows them
     */
    public static Translation translate(Spec spec, Path bundle, Path containerDir, Path hookBinary, CgroupLayout cgroups,
                                        int preserveFds) {
        TranslationBuilder b = new TranslationBuilder(spec, bundle, containerDir, hookBinary, cgroups, preserveFds);
        TranslationBuilder.unsupported(spec.solaris(), "$.solaris");
        TranslationBuilder.unsupported(spec.windows(), "$.windows");
        TranslationBuilder.unsupported(spec.vm(), "$.vm");
        TranslationBuilder.unsupported(spec.zos(), "$.zos");
        Linux linux = spec.linux() == null
                ? new Linux(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)
                : spec.linux();
        RootfsSection.translate(b);
        ProcessSection.translate(b, spec.process());
        NamespaceSection.translate(b, linux);
        MountSection.translate(b);
        RootfsSection.finalPropagation(b);
        LinuxSection.translate(b, linux);
        CgroupSection.translate(b, linux);
        // The init binary alone is visible: read-only, the container's own copy, on the spec's /dev
        // tmpfs (so a read-only rootfs needs no mount point), after the spec's mounts.
        b.set("lxc.mount.entry", TranslationBuilder.fstab(b.initBinary().toString(), RuntimeFile.INIT_DIR + "/init", "none",
                "bind,ro,nosuid,nodev,create=file"), "(runtime)");
        SeccompProfile.Filter seccomp = linux.seccomp() == null ? null : SeccompProfile.compile(linux.seccomp());
        // the init loads the program (the box's seccomp.bpf; an exec's comes as a descriptor)
        List<String> everyProcess = seccomp == null ? List.of() : List.of(RecordKey.SECCOMP.of(seccomp.flags()));
        b.init.addAll(everyProcess);
        List<String> createContainer = new ArrayList<>();
        HookSection.translate(b, spec.hooks(), createContainer);
        if (b.setns.stream().anyMatch(r -> r.startsWith(Namespace.CGROUP.lxcName() + " "))) {
            // after the box and the held mount sources (lxcri4j-start.c)
            b.init.add(RecordKey.CGROUP_NAMESPACE.of(4 + preserveFds + b.heldSources.size()));
        }
        var hooks = spec.hooks();
        return new Translation(List.copyOf(b.items), List.copyOf(b.plannedCgroups), List.copyOf(b.init), everyProcess,
                List.copyOf(b.heldSources), List.copyOf(b.setns), List.copyOf(b.hookRecords), List.copyOf(createContainer),
                List.copyOf(b.idmappedMounts), seccomp, orEmpty(hooks == null ? null : hooks.prestart()),
                orEmpty(hooks == null ? null : hooks.createRuntime()), orEmpty(hooks == null ? null : hooks.poststart()),
                orEmpty(hooks == null ? null : hooks.poststop()));
    }

    private static List<Hook> orEmpty(List<Hook> hooks) {
        return hooks == null ? List.of() : hooks;
    }
}
