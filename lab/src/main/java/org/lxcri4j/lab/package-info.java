/**
 * LXC test labs: networked system containers for tests, on liblxc, without a daemon. A
 * {@link org.lxcri4j.lab.LabSpec} declares nodes and networks, {@link org.lxcri4j.lab.Lab#start}
 * runs them, {@link org.lxcri4j.lab.Node} runs commands and injects faults; the JUnit 5 extension
 * is in {@code org.lxcri4j.lab.junit}.
 */
@NullMarked
package org.lxcri4j.lab;

import org.jspecify.annotations.NullMarked;
