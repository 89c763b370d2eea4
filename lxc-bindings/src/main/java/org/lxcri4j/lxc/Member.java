package org.lxcri4j.lxc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.lxcri4j.lxc.bindings.lxc_container;
import org.lxcri4j.lxc.bindings.lxc_h;

/**
 * The 61 function-pointer members of {@code struct lxc_container} in header order, each with the
 * descriptor and field getter of the generated layer. Calls go through handles that capture
 * {@code errno}, so a failure can report it; they are built on first use to keep start-up cheap.
 * The descriptor is fetched on first use too: the generated class of each member builds its own
 * downcall and upcall handles when initialized, a few milliseconds each, and a CLI call uses a
 * handful of the 61 members.
 */
enum Member {
    IS_DEFINED("is_defined", lxc_container.is_defined::descriptor, lxc_container::is_defined, false),
    STATE("state", lxc_container.state::descriptor, lxc_container::state, false),
    IS_RUNNING("is_running", lxc_container.is_running::descriptor, lxc_container::is_running, false),
    FREEZE("freeze", lxc_container.freeze::descriptor, lxc_container::freeze, false),
    UNFREEZE("unfreeze", lxc_container.unfreeze::descriptor, lxc_container::unfreeze, false),
    INIT_PID("init_pid", lxc_container.init_pid::descriptor, lxc_container::init_pid, false),
    LOAD_CONFIG("load_config", lxc_container.load_config::descriptor, lxc_container::load_config, false),
    START("start", lxc_container.start::descriptor, lxc_container::start, false),
    STARTL("startl", lxc_container.startl::descriptor, lxc_container::startl, true),
    STOP("stop", lxc_container.stop::descriptor, lxc_container::stop, false),
    WANT_DAEMONIZE("want_daemonize", lxc_container.want_daemonize::descriptor, lxc_container::want_daemonize, false),
    WANT_CLOSE_ALL_FDS("want_close_all_fds", lxc_container.want_close_all_fds::descriptor, lxc_container::want_close_all_fds, false),
    CONFIG_FILE_NAME("config_file_name", lxc_container.config_file_name::descriptor, lxc_container::config_file_name, false),
    WAIT("wait", lxc_container.wait::descriptor, lxc_container::wait, false),
    SET_CONFIG_ITEM("set_config_item", lxc_container.set_config_item::descriptor, lxc_container::set_config_item, false),
    DESTROY("destroy", lxc_container.destroy::descriptor, lxc_container::destroy, false),
    SAVE_CONFIG("save_config", lxc_container.save_config::descriptor, lxc_container::save_config, false),
    CREATE("create", lxc_container.create::descriptor, lxc_container::create, false),
    CREATEL("createl", lxc_container.createl::descriptor, lxc_container::createl, true),
    RENAME("rename", lxc_container.rename::descriptor, lxc_container::rename, false),
    REBOOT("reboot", lxc_container.reboot::descriptor, lxc_container::reboot, false),
    SHUTDOWN("shutdown", lxc_container.shutdown::descriptor, lxc_container::shutdown, false),
    CLEAR_CONFIG("clear_config", lxc_container.clear_config::descriptor, lxc_container::clear_config, false),
    CLEAR_CONFIG_ITEM("clear_config_item", lxc_container.clear_config_item::descriptor, lxc_container::clear_config_item, false),
    GET_CONFIG_ITEM("get_config_item", lxc_container.get_config_item::descriptor, lxc_container::get_config_item, false),
    GET_RUNNING_CONFIG_ITEM("get_running_config_item", lxc_container.get_running_config_item::descriptor, lxc_container::get_running_config_item, false),
    GET_KEYS("get_keys", lxc_container.get_keys::descriptor, lxc_container::get_keys, false),
    GET_INTERFACES("get_interfaces", lxc_container.get_interfaces::descriptor, lxc_container::get_interfaces, false),
    GET_IPS("get_ips", lxc_container.get_ips::descriptor, lxc_container::get_ips, false),
    GET_CGROUP_ITEM("get_cgroup_item", lxc_container.get_cgroup_item::descriptor, lxc_container::get_cgroup_item, false),
    SET_CGROUP_ITEM("set_cgroup_item", lxc_container.set_cgroup_item::descriptor, lxc_container::set_cgroup_item, false),
    GET_CONFIG_PATH("get_config_path", lxc_container.get_config_path::descriptor, lxc_container::get_config_path, false),
    SET_CONFIG_PATH("set_config_path", lxc_container.set_config_path::descriptor, lxc_container::set_config_path, false),
    CLONE("clone", lxc_container.clone::descriptor, lxc_container::clone, false),
    CONSOLE_GETFD("console_getfd", lxc_container.console_getfd::descriptor, lxc_container::console_getfd, false),
    CONSOLE("console", lxc_container.console::descriptor, lxc_container::console, false),
    ATTACH("attach", lxc_container.attach::descriptor, lxc_container::attach, false),
    ATTACH_RUN_WAIT("attach_run_wait", lxc_container.attach_run_wait::descriptor, lxc_container::attach_run_wait, false),
    ATTACH_RUN_WAITL("attach_run_waitl", lxc_container.attach_run_waitl::descriptor, lxc_container::attach_run_waitl, true),
    SNAPSHOT("snapshot", lxc_container.snapshot::descriptor, lxc_container::snapshot, false),
    SNAPSHOT_LIST("snapshot_list", lxc_container.snapshot_list::descriptor, lxc_container::snapshot_list, false),
    SNAPSHOT_RESTORE("snapshot_restore", lxc_container.snapshot_restore::descriptor, lxc_container::snapshot_restore, false),
    SNAPSHOT_DESTROY("snapshot_destroy", lxc_container.snapshot_destroy::descriptor, lxc_container::snapshot_destroy, false),
    MAY_CONTROL("may_control", lxc_container.may_control::descriptor, lxc_container::may_control, false),
    ADD_DEVICE_NODE("add_device_node", lxc_container.add_device_node::descriptor, lxc_container::add_device_node, false),
    REMOVE_DEVICE_NODE("remove_device_node", lxc_container.remove_device_node::descriptor, lxc_container::remove_device_node, false),
    ATTACH_INTERFACE("attach_interface", lxc_container.attach_interface::descriptor, lxc_container::attach_interface, false),
    DETACH_INTERFACE("detach_interface", lxc_container.detach_interface::descriptor, lxc_container::detach_interface, false),
    CHECKPOINT("checkpoint", lxc_container.checkpoint::descriptor, lxc_container::checkpoint, false),
    RESTORE("restore", lxc_container.restore::descriptor, lxc_container::restore, false),
    DESTROY_WITH_SNAPSHOTS("destroy_with_snapshots", lxc_container.destroy_with_snapshots::descriptor, lxc_container::destroy_with_snapshots, false),
    SNAPSHOT_DESTROY_ALL("snapshot_destroy_all", lxc_container.snapshot_destroy_all::descriptor, lxc_container::snapshot_destroy_all, false),
    MIGRATE("migrate", lxc_container.migrate::descriptor, lxc_container::migrate, false),
    CONSOLE_LOG("console_log", lxc_container.console_log::descriptor, lxc_container::console_log, false),
    REBOOT2("reboot2", lxc_container.reboot2::descriptor, lxc_container::reboot2, false),
    MOUNT("mount", lxc_container.mount::descriptor, lxc_container::mount, false),
    UMOUNT("umount", lxc_container.umount::descriptor, lxc_container::umount, false),
    SECCOMP_NOTIFY_FD("seccomp_notify_fd", lxc_container.seccomp_notify_fd::descriptor, lxc_container::seccomp_notify_fd, false),
    SECCOMP_NOTIFY_FD_ACTIVE("seccomp_notify_fd_active", lxc_container.seccomp_notify_fd_active::descriptor, lxc_container::seccomp_notify_fd_active, false),
    INIT_PIDFD("init_pidfd", lxc_container.init_pidfd::descriptor, lxc_container::init_pidfd, false),
    DEVPTS_FD("devpts_fd", lxc_container.devpts_fd::descriptor, lxc_container::devpts_fd, false);

    private final String cName;
    private final Supplier<FunctionDescriptor> descriptor;
    private final Function<MemorySegment, MemorySegment> field;
    private final boolean variadic;
    /** Key: number of variadic pointer arguments, or -1 for a fixed-arity member. */
    private final ConcurrentHashMap<Integer, MethodHandle> handles = new ConcurrentHashMap<>();

    Member(String cName, Supplier<FunctionDescriptor> descriptor, Function<MemorySegment, MemorySegment> field, boolean variadic) {
        this.cName = cName;
        this.descriptor = descriptor;
        this.field = field;
        this.variadic = variadic;
    }

    /** The member's name in {@code lxccontainer.h}. */
    String cName() {
        return cName;
    }

    boolean isVariadic() {
        return variadic;
    }

    /** The function pointer stored in {@code struct}. */
    MemorySegment pointer(MemorySegment struct) {
        return field.apply(struct);
    }

    /** {@code (MemorySegment fn, MemorySegment callState, args...)} for a fixed-arity member. */
    MethodHandle handle() {
        if (variadic) {
            throw new IllegalStateException(cName + " is variadic");
        }
        return handles.computeIfAbsent(-1, k -> Linker.nativeLinker().downcallHandle(descriptor.get(), CallState.CAPTURE_ERRNO));
    }

    /** As {@link #handle()}, with {@code pointerArgs} variadic {@code char *} arguments appended. */
    MethodHandle variadicHandle(int pointerArgs) {
        if (!variadic) {
            throw new IllegalStateException(cName + " is not variadic");
        }
        return handles.computeIfAbsent(pointerArgs, n -> {
            MemoryLayout[] extra = new MemoryLayout[n];
            Arrays.fill(extra, lxc_h.C_POINTER);
            FunctionDescriptor fixed = descriptor.get();
            return Linker.nativeLinker().downcallHandle(fixed.appendArgumentLayouts(extra),
                    Linker.Option.firstVariadicArg(fixed.argumentLayouts().size()), CallState.CAPTURE_ERRNO);
        });
    }
}
