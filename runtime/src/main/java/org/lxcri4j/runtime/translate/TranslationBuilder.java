package org.lxcri4j.runtime.translate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.cgroup.CgroupLayout;
import org.lxcri4j.runtime.protocol.Namespace;
import org.lxcri4j.runtime.protocol.RuntimeFile;
import org.lxcri4j.runtime.spec.IdMapping;
import org.lxcri4j.runtime.spec.Spec;
import org.lxcri4j.runtime.translate.Translation.ConfigItem;

/**
 * What the sections of a translation share: the spec and where the container lives, and what
 * they produce (config items, records, planned cgroups), in the order they add it.
 */
final class TranslationBuilder {

    final Spec spec;
    final Path bundle;
    final Path containerDir;
    final Path hookBinary;
    final CgroupLayout cgroups;
    /** Descriptors 3 .. 3+preserveFds-1 go to the process; the box follows them. */
    final int preserveFds;

    final List<ConfigItem> items = new ArrayList<>();
    /** Records for lxcri4j-init (box/init.conf). */
    final List<String> init = new ArrayList<>();
    /** Records for lxcri4j-hook (hook.conf). */
    final List<String> hookRecords = new ArrayList<>();
    final List<IdmappedMount> idmappedMounts = new ArrayList<>();
    /** Bind sources lxcri4j-start opens for a user-namespaced container (MountSection.heldBind). */
    final List<String> heldSources = new ArrayList<>();
    /** Where liblxc will make the container's and its monitor's cgroups, in every hierarchy. */
    final List<Path> plannedCgroups = new ArrayList<>();
    /** The box's "setns" records: namespaces lxcri4j-start joins or hands to the init (lxcri4j-start.c). */
    final List<String> setns = new ArrayList<>();

    /** Namespace types in linux.namespaces, created or joined. */
    final Set<Namespace> listed = new LinkedHashSet<>();
    /** Joined namespaces: whether each is this process's own, i.e. the host's. */
    final Map<Namespace, Boolean> joinedHost = new HashMap<>();
    /** The container's own (created) namespaces. */
    final Set<Namespace> created = new LinkedHashSet<>();
    List<IdMapping> uidMappings = List.of();
    List<IdMapping> gidMappings = List.of();

    TranslationBuilder(Spec spec, Path bundle, Path containerDir, Path hookBinary, CgroupLayout cgroups, int preserveFds) {
        this.spec = spec;
        this.bundle = bundle;
        this.containerDir = containerDir;
        this.hookBinary = hookBinary;
        this.cgroups = cgroups;
        this.preserveFds = preserveFds;
    }

    /** Adds a liblxc config item, with the JSON path of the field it implements. */
    void set(String key, String value, String source) {
        items.add(new ConfigItem(key, value, source));
    }

    boolean userNamespace() {
        return listed.contains(Namespace.USER);
    }

    /** How the container has namespace {@code ns}: of its own, joined (the host's or another), or not at all. */
    Sysctls.Held namespaceOf(Namespace ns) {
        if (!listed.contains(ns)) {
            return Sysctls.Held.NONE;
        }
        Boolean host = joinedHost.get(ns);
        return host == null ? Sysctls.Held.OWN : host ? Sysctls.Held.HOST : Sysctls.Held.JOINED;
    }

    /** The container's copy of the init binary, in its runtime directory. */
    Path initBinary() {
        return RuntimeFile.INIT_BINARY.in(containerDir);
    }

    /** Rejects a field this runtime does not implement, unless it is absent or empty. */
    static void unsupported(Object value, String path) {
        boolean empty = value == null || (value instanceof String s && s.isEmpty())
                || (value instanceof Map<?, ?> m && m.isEmpty()) || (value instanceof List<?> l && l.isEmpty());
        if (!empty) {
            throw new OciException(path + ": not supported");
        }
    }

    /** One fstab line as liblxc parses it: fields separated by blanks, blanks escaped as \040. */
    static String fstab(String source, String target, String type, String options) {
        return esc(source) + " " + esc(target) + " " + type + " " + (options.isEmpty() ? "defaults" : options) + " 0 0";
    }

    private static String esc(String s) {
        return s.replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011").replace("\n", "\\012");
    }
}
