package org.lxcri4j.runtime.cgroup;

import org.jspecify.annotations.Nullable;

/**
 * Where the controllers' settings go, in the order they must be written: liblxc config items at
 * create (lxc.cgroup.FILE or lxc.cgroup2.FILE), the container's live files at update.
 */
public interface CgroupWrites {

    /**
     * @param file   the cgroup file, named as in the controller's directory ("memory.max")
     * @param source the JSON path of the field it implements
     */
    void set(String file, String value, String source);

    /** The file's current value in the container's cgroup; null at create, where there is none yet. */
    @Nullable String current(String file);
}
