package org.lxcri4j.lab;

/**
 * A JVM that starts a two-node lab, prints its id and blocks: {@link KilledJvmTest} kills it with
 * SIGKILL, so nothing of its own closes the lab.
 */
public final class LabHolder {

    private LabHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        Lab lab = Lab.start(LabSpec.builder().node("x").node("y").build());
        lab.node("x").freeze();
        System.out.println("lab " + lab.id());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
