package org.lxcri4j.runtime.store;

import java.util.regex.Pattern;

import org.lxcri4j.runtime.OciException;

/** Container IDs become directory, cgroup and liblxc names: only a safe, bounded alphabet. */
public final class ContainerId {

    public static final int MAX_LENGTH = 200;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]*");

    private ContainerId() {
    }

    public static String validate(String id) {
        if (id == null || id.isEmpty()) {
            throw new OciException("container id must not be empty");
        }
        if (id.length() > MAX_LENGTH) {
            throw new OciException("invalid container id: longer than " + MAX_LENGTH + " characters");
        }
        if (!VALID.matcher(id).matches() || id.contains("..")) {
            throw new OciException("invalid container id '" + printable(id)
                    + "': use letters, digits and _ . + - (not starting with a symbol, no '..')");
        }
        return id;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(64).forEach(c -> b.append(c < 0x20 || c == 0x7f ? '?' : Character.toString(c)));
        return b.toString();
    }
}
