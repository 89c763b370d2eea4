/**
 * The Java API for LXC hosts: {@link org.lxcri4j.lxc.Lxc} (library-wide calls) and
 * {@link org.lxcri4j.lxc.LxcContainer} (one container, an {@link java.lang.AutoCloseable} over
 * liblxc's {@code struct lxc_container} with explicit arena lifetimes).
 */
@NullMarked
package org.lxcri4j.lxc;

import org.jspecify.annotations.NullMarked;
