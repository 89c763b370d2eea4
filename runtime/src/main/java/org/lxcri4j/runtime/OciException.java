package org.lxcri4j.runtime;

/** A runtime operation failed; the message is the one line the CLI prints and logs. */
public class OciException extends RuntimeException {

    public OciException(String message) {
        super(message);
    }

    public OciException(String message, Throwable cause) {
        super(message, cause);
    }
}
