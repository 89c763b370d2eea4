package org.lxcri4j.lab.junit;

/** How long a lab of {@link LxcLab} lives. */
public enum Lifetime {
    /** Started before the class's first test, removed after its last. */
    PER_CLASS,
    /** Started before each test, removed after it. */
    PER_TEST
}
