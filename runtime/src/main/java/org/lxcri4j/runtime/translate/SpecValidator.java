package org.lxcri4j.runtime.translate;

import java.util.List;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.spec.Mount;
import org.lxcri4j.runtime.spec.Spec;

/** The spec's REQUIRED fields and value rules that liblxc would not catch with a clear message. */
public final class SpecValidator {

    /** semver.org's grammar: MAJOR.MINOR.PATCH, an optional pre-release and build. */
    private static final java.util.regex.Pattern SEMVER = java.util.regex.Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");

    private SpecValidator() {
    }

    public static void validate(Spec spec, String source) {
        require(spec.ociVersion() != null && !spec.ociVersion().isBlank(), source, "$.ociVersion", "is required");
        require(SEMVER.matcher(spec.ociVersion()).matches(), source, "$.ociVersion",
                "must be a SemVer 2.0.0 version: " + spec.ociVersion());
        require(spec.ociVersion().startsWith("1."), source, "$.ociVersion",
                "unsupported version " + spec.ociVersion() + " (1.x is supported)");
        require(spec.root() != null, source, "$.root", "is required");
        require(spec.root().path() != null && !spec.root().path().isBlank(), source, "$.root.path", "is required");
        require(spec.process() != null, source, "$.process", "is required to create a container");
        var p = spec.process();
        require(p.args() != null && !p.args().isEmpty(), source, "$.process.args", "must name a program");
        require(p.args().stream().noneMatch(a -> a == null || a.indexOf('\0') >= 0), source, "$.process.args",
                "must not contain null or NUL");
        require(p.cwd() != null && p.cwd().startsWith("/"), source, "$.process.cwd", "must be an absolute path");
        if (p.env() != null) {
            for (int i = 0; i < p.env().size(); i++) {
                String e = p.env().get(i);
                require(e != null && e.indexOf('=') > 0 && e.indexOf('\0') < 0, source, "$.process.env[" + i + "]",
                        "must be NAME=value");
            }
        }
        if (p.user() != null) {
            require(p.user().uid() != null && p.user().gid() != null, source, "$.process.user", "uid and gid are required");
        }
        List<Mount> mounts = spec.mounts() == null ? List.of() : spec.mounts();
        for (int i = 0; i < mounts.size(); i++) {
            Mount m = mounts.get(i);
            // relative destinations are deprecated but valid: taken from "/" (MountSection)
            require(m.destination() != null && !m.destination().isEmpty() && m.destination().indexOf('\0') < 0, source,
                    "$.mounts[" + i + "].destination", "is required");
        }
        if (spec.annotations() != null) {
            require(!spec.annotations().containsKey(""), source, "$.annotations", "keys must not be empty");
            // the container's record keeps them as NUL-terminated records
            spec.annotations().forEach((k, v) -> require(k.indexOf('\0') < 0 && (v == null || v.indexOf('\0') < 0), source,
                    "$.annotations[\"" + k.replace("\0", "\\u0000") + "\"]", "must not contain NUL"));
        }
        var linux = spec.linux();
        if (linux != null) {
            absolute(linux.maskedPaths(), source, "$.linux.maskedPaths");
            absolute(linux.readonlyPaths(), source, "$.linux.readonlyPaths");
            var namespaces = linux.namespaces() == null ? List.<org.lxcri4j.runtime.spec.LinuxNamespace>of() : linux.namespaces();
            for (int i = 0; i < namespaces.size(); i++) {
                String nsPath = namespaces.get(i).path();
                require(nsPath == null || nsPath.isEmpty() || nsPath.startsWith("/"), source, "$.linux.namespaces[" + i + "].path",
                        "must be an absolute path");
            }
        }
        var rlimits = p.rlimits() == null ? List.<org.lxcri4j.runtime.spec.Rlimit>of() : p.rlimits();
        for (int i = 0; i < rlimits.size(); i++) {
            for (int j = 0; j < i; j++) {
                require(!java.util.Objects.equals(rlimits.get(i).type(), rlimits.get(j).type()), source,
                        "$.process.rlimits[" + i + "].type", rlimits.get(i).type() + " is listed twice");
            }
        }
    }

    private static void absolute(List<String> paths, String source, String path) {
        if (paths == null) {
            return;
        }
        for (int i = 0; i < paths.size(); i++) {
            require(paths.get(i) != null && paths.get(i).startsWith("/"), source, path + "[" + i + "]", "must be an absolute path");
        }
    }

    private static void require(boolean ok, String source, String path, String what) {
        if (!ok) {
            throw new OciException(source + ": " + path + " " + what);
        }
    }
}
