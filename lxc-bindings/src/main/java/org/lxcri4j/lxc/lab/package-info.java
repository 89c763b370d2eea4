/** Helpers for LXC-based test labs: a busybox rootfs built from the host's busybox-static, a lab container. */
@NullMarked
package org.lxcri4j.lxc.lab;

import org.jspecify.annotations.NullMarked;
