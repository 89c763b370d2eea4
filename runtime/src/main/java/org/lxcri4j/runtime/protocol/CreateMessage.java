package org.lxcri4j.runtime.protocol;

import java.util.Locale;

/**
 * The lines create and lxcri4j-start exchange over the create socket ({@link RuntimeFile#CREATE_SOCKET}),
 * one per step, each a word and, for some, a value after a blank. lxcri4j-start connects once the
 * box's fifos exist; it reports the init ready (or why not) as the init tells it; create then has
 * it join the container and finally hands the container over. Its exit before that is the
 * container's failure to start.
 */
public enum CreateMessage {
    /** lxcri4j-start: the init waits for start; the value is its host pid. */
    READY("ready"),
    /** lxcri4j-start: the init, or the join, failed; the value says why. */
    FAIL("fail"),
    /** create: enter the init's namespaces (create has moved it into the init's cgroups). */
    JOIN("join"),
    /** lxcri4j-start: it has. */
    JOINED("joined"),
    /** create: the record is written; from now on the container outlives create. */
    HAND_OVER("handover"),
    /** lxcri4j-start: it no longer dies with create. */
    HANDED_OVER("handed-over");

    /** The word on the wire. */
    public final String word;

    CreateMessage(String word) {
        this.word = word;
    }

    /** The C macro naming it in the generated header. */
    public String macro() {
        return "MSG_" + name().toUpperCase(Locale.ROOT);
    }
}
