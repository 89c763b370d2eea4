package org.lxcri4j.lab.junit;

/**
 * A node's console, added to a failing test's exception as a suppressed exception, so it shows in
 * every report that prints the failure. Not thrown.
 */
public final class NodeConsoleLog extends RuntimeException {

    NodeConsoleLog(String node, String console) {
        super("console of node " + node + (console.isEmpty() ? " (empty)" : ":\n" + console), null, false, false);
    }
}
