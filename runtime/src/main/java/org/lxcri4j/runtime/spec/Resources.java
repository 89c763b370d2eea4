package org.lxcri4j.runtime.spec;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** cgroup resource limits. Absent fields are {@code null}; unknown fields are ignored, as the spec requires. */
public record Resources(@Nullable List<DeviceCgroup> devices, @Nullable Memory memory, @Nullable Cpu cpu, @Nullable Pids pids, @Nullable BlockIO blockIO, @Nullable List<HugepageLimit> hugepageLimits, @Nullable Network network, @Nullable Object rdma, @Nullable Map<String, String> unified) {
}
