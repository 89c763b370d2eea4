package org.lxcri4j.runtime.spec;

import org.jspecify.annotations.Nullable;

/** A hugetlb limit. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record HugepageLimit(@Nullable String pageSize, @Nullable Long limit) {
}
