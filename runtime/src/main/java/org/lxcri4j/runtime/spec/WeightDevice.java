package org.lxcri4j.runtime.spec;

import org.jspecify.annotations.Nullable;

/** A block device's I/O weight. */
public record WeightDevice(@Nullable Long major, @Nullable Long minor, @Nullable Integer weight, @Nullable Integer leafWeight) {
}
