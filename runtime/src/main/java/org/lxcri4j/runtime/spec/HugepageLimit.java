package org.lxcri4j.runtime.spec;

/** A hugetlb limit. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record HugepageLimit(String pageSize, Long limit) {
}
