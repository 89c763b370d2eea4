/**
 * The runtime's Java API: {@link org.lxcri4j.runtime.ContainerRuntime} over one state directory,
 * {@link org.lxcri4j.runtime.Container} handles, their options and results.
 */
@NullMarked
package org.lxcri4j.runtime;

import org.jspecify.annotations.NullMarked;
