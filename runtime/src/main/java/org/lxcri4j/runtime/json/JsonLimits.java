package org.lxcri4j.runtime.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * The one Jackson factory of the runtime: strict JSON (Jackson's defaults: no comments, no
 * leading zeros or '+', no raw control characters) and bounded, so a hostile document ends in a
 * one-line error, never a stack overflow or an exhausted heap.
 */
public final class JsonLimits {

    /** Nesting levels a document may have; a runtime spec needs fewer than ten. */
    public static final int MAX_DEPTH = 128;
    /** Characters a document may have. */
    public static final long MAX_LENGTH = 16L << 20;

    private JsonLimits() {
    }

    /** Built on first use: a CLI call that touches no JSON pays nothing. */
    static final class Holder {
        static final JsonFactory FACTORY = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                        .maxDocumentLength(MAX_LENGTH).build())
                .build();

        private Holder() {
        }
    }
}
