package org.lxcri4j.lab.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.lxcri4j.lab.LabException;
import org.lxcri4j.lxc.ContainerState;
import org.lxcri4j.lxc.LxcContainer;

/** Stopping liblxc containers so that nothing of them is left when this returns. */
public final class Containers {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Containers() {
    }

    /**
     * Kills every running container of {@code containers} (thawed first: a frozen process cannot
     * die), waits until each is STOPPED and then until its liblxc monitor has exited. liblxc
     * announces STOPPED before its monitor removes the container's cgroups: when this returns,
     * nothing of the containers is left, and one started again gets its cgroups by their names.
     */
    public static void stop(List<LxcContainer> containers) {
        List<LxcContainer> stopping = new ArrayList<>();
        List<Optional<ProcessIdentity>> monitors = new ArrayList<>();
        for (LxcContainer c : containers) {
            if (c.state() == ContainerState.FROZEN) {
                c.unfreeze();
            }
            var init = c.initPid();
            if (init.isPresent()) {
                monitors.add(ProcessIdentity.parentOf(init.getAsInt()));
                c.stop();
                stopping.add(c);
            }
        }
        for (int i = 0; i < stopping.size(); i++) {
            LxcContainer c = stopping.get(i);
            if (!c.waitFor(ContainerState.STOPPED, TIMEOUT)) {
                throw new LabException("container " + c.name() + " did not stop in " + TIMEOUT.toSeconds() + " s");
            }
            monitors.get(i).ifPresent(m -> m.awaitExit(TIMEOUT));
        }
    }
}
