package org.lxcri4j.runtime.cgroup;

import java.util.List;

import org.lxcri4j.runtime.OciException;
import org.lxcri4j.runtime.spec.BlockIO;
import org.lxcri4j.runtime.spec.Resources;
import org.lxcri4j.runtime.spec.ThrottleDevice;

/** linux.resources.blockIO: the BFQ weight and the throttles (blkio on v1, io on v2). */
public record BlockIoController() implements ResourceController {

    @Override
    public void apply(Resources r, String path, CgroupLayout layout, CgroupWrites out) {
        BlockIO b = r.blockIO();
        if (b == null) {
            return;
        }
        String p = path + ".blockIO";
        if (b.weight() != null) {
            if (b.weight() < 10 || b.weight() > 1000) {
                throw new OciException(p + ".weight: must be 10 to 1000, not " + b.weight());
            }
            // BFQ's weight; hosts without the BFQ scheduler have no such file
            if (!layout.v2() && !layout.hasFile("blkio/blkio.bfq.io_serviced")) {
                throw new OciException(p + ".weight: not supported here: no BFQ I/O scheduler on this host");
            }
            out.set(layout.v2() ? "io.bfq.weight" : "blkio.bfq.weight", b.weight().toString(), p + ".weight");
        }
        if (b.leafWeight() != null) {
            throw new OciException(p + ".leafWeight: not supported by current kernels");
        }
        if (b.weightDevice() != null && !b.weightDevice().isEmpty()) {
            throw new OciException(p + ".weightDevice: per-device weights are not supported");
        }
        throttle(b.throttleReadBpsDevice(), "blkio.throttle.read_bps_device", "rbps", p + ".throttleReadBpsDevice", layout, out);
        throttle(b.throttleWriteBpsDevice(), "blkio.throttle.write_bps_device", "wbps", p + ".throttleWriteBpsDevice", layout, out);
        throttle(b.throttleReadIOPSDevice(), "blkio.throttle.read_iops_device", "riops", p + ".throttleReadIOPSDevice", layout, out);
        throttle(b.throttleWriteIOPSDevice(), "blkio.throttle.write_iops_device", "wiops", p + ".throttleWriteIOPSDevice", layout, out);
    }

    private static void throttle(List<ThrottleDevice> list, String v1File, String v2Key, String path, CgroupLayout layout,
                                 CgroupWrites out) {
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            ThrottleDevice d = list.get(i);
            if (d == null || d.major() == null || d.minor() == null || d.rate() == null) {
                throw new OciException(path + "[" + i + "]: major, minor and rate are required integers");
            }
            String dev = d.major() + ":" + d.minor();
            if (layout.v2()) {
                out.set("io.max", dev + " " + v2Key + "=" + d.rate(), path + "[" + i + "]");
            } else {
                out.set(v1File, dev + " " + d.rate(), path + "[" + i + "]");
            }
        }
    }
}
