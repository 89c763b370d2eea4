/**
 * The generated layer: liblxc 5.0 as jextract emits it (see {@code lxc-bindings/jextract/regenerate.sh}).
 * One class per struct with its {@code layout()} and field accessors, a nested class with
 * {@code invoke} for every function-pointer member, and {@link org.lxcri4j.lxc.bindings.lxc_h} for
 * functions and constants. Nothing here checks arguments or owns memory: use {@link org.lxcri4j.lxc}.
 */
package org.lxcri4j.lxc.bindings;
