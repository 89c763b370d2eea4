package org.lxcri4j.runtime.spec;

/** A block device's I/O weight. */
public record WeightDevice(Long major, Long minor, Integer weight, Integer leafWeight) {
}
