package org.lxcri4j.lxc;

import org.jspecify.annotations.Nullable;

/**
 * A liblxc call failed. Carries what liblxc reports: the container's {@code error_string} and
 * {@code error_num}, and the {@code errno} captured right after the call.
 */
public class LxcException extends RuntimeException {

    private final String operation;
    private final String container;
    private final String errorString;
    private final int errorNum;
    private final int errno;

    public LxcException(String operation, @Nullable String container, @Nullable String errorString, int errorNum, int errno) {
        super(message(operation, container, errorString, errorNum, errno));
        this.operation = operation;
        this.container = container;
        this.errorString = errorString;
        this.errorNum = errorNum;
        this.errno = errno;
    }

    private static String message(String operation, String container, String errorString, int errorNum, int errno) {
        StringBuilder sb = new StringBuilder(operation).append(" failed");
        if (container != null) {
            sb.append(" for container '").append(container).append('\'');
        }
        if (errorString != null && !errorString.isBlank()) {
            sb.append(": ").append(errorString.strip());
        }
        if (errorNum != 0) {
            sb.append(" (error_num ").append(errorNum).append(')');
        }
        if (errno != 0) {
            sb.append(" (errno ").append(errno).append(": ").append(CStrings.strerror(errno)).append(')');
        }
        return sb.toString();
    }

    /** The liblxc member or function that failed, e.g. {@code start}. */
    public String operation() {
        return operation;
    }

    /** The container's name, or {@code null} for library-level calls. */
    public @Nullable String container() {
        return container;
    }

    /** liblxc's {@code error_string} after the call, or {@code null}. */
    public @Nullable String errorString() {
        return errorString;
    }

    /** liblxc's {@code error_num} after the call. */
    public int errorNum() {
        return errorNum;
    }

    /** {@code errno} as captured immediately after the call (0 when not set). */
    public int errno() {
        return errno;
    }
}
