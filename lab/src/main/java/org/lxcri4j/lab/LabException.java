package org.lxcri4j.lab;

/** A lab could not do what was asked: the message says what and why. */
public class LabException extends RuntimeException {

    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
