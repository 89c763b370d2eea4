/**
 * The runtime-spec 1.2 model: one record per object of config.json, read by
 * {@link org.lxcri4j.runtime.SpecReader}. A field absent from the document is {@code null}.
 */
@NullMarked
package org.lxcri4j.runtime.spec;

import org.jspecify.annotations.NullMarked;
