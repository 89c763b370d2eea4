/**
 * The JUnit 5 extension for LXC labs: {@link org.lxcri4j.lab.junit.LxcLab} on a test class,
 * {@link org.lxcri4j.lab.junit.LabSetup} on its lab spec, {@link org.lxcri4j.lab.junit.LabNode}
 * where a node is wanted.
 */
@NullMarked
package org.lxcri4j.lab.junit;

import org.jspecify.annotations.NullMarked;
