/**
 * What a lab does on the host: names and claims under the lab root, subnet leases, bridges and
 * veths, the rootfs cache, commands run through attach, and the removal of dead JVMs' labs.
 * Internal to the lab module: not an API.
 */
@NullMarked
package org.lxcri4j.lab.host;

import org.jspecify.annotations.NullMarked;
