package org.lxcri4j.runtime.spec;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** Lifecycle hooks. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Hooks(@Nullable List<Hook> prestart, @Nullable List<Hook> createRuntime, @Nullable List<Hook> createContainer, @Nullable List<Hook> startContainer, @Nullable List<Hook> poststart, @Nullable List<Hook> poststop) {
}
