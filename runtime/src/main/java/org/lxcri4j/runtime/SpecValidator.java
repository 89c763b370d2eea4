package org.lxcri4j.runtime;

import java.util.List;

import org.lxcri4j.runtime.spec.Mount;
import org.lxcri4j.runtime.spec.Spec;

/** The spec's REQUIRED fields and value rules that liblxc would not catch with a clear message. */
final class SpecValidator {

    private SpecValidator() {
    }

    static void validate(Spec spec, String source) {
        require(spec.ociVersion() != null && !spec.ociVersion().isBlank(), source, "$.ociVersion", "is required");
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
            require(m.destination() != null && m.destination().startsWith("/"), source, "$.mounts[" + i + "].destination",
                    "must be an absolute path");
        }
    }

    private static void require(boolean ok, String source, String path, String what) {
        if (!ok) {
            throw new OciException(source + ": " + path + " " + what);
        }
    }
}
