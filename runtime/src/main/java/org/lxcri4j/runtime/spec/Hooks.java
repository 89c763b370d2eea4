package org.lxcri4j.runtime.spec;

import java.util.List;

/** Lifecycle hooks. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Hooks(List<Hook> prestart, List<Hook> createRuntime, List<Hook> createContainer, List<Hook> startContainer, List<Hook> poststart, List<Hook> poststop) {
}
