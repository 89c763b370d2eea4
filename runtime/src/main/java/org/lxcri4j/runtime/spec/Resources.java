package org.lxcri4j.runtime.spec;

import java.util.List;
import java.util.Map;

/** cgroup resource limits. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Resources(List<DeviceCgroup> devices, Memory memory, Cpu cpu, Pids pids, BlockIO blockIO, List<HugepageLimit> hugepageLimits, Network network, Object rdma, Map<String, String> unified) {
}
