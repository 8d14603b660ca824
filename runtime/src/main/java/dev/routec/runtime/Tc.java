package dev.routec.runtime;

/**
 * TC programs on the clsact qdisc through netlink (libbpf {@code bpf_tc_*}): the classic attachment
 * that works on every kernel. Attachments outlive the process (the filter holds the program). The
 * clsact qdisc is created only if missing and removed only on explicit request by whoever created it.
 * Every call runs in the given network namespace.
 */
public final class Tc {
    private Tc() {}

    /**
     * Attaches {@code program} as a direct-action filter. {@code handle}/{@code priority} 0 let the
     * kernel choose (the result tells); with {@code replace} an existing filter with the same handle and
     * priority is swapped atomically, without it that fails with EEXIST.
     */
    public static TcFilter attach(
            NetNs netns, int ifindex, TcDirection dir, BpfProgram program, int handle, int priority, boolean replace) {
        checkIfindex(ifindex);
        checkIds(handle, priority, false);
        int[] out = new int[4];
        BpfNative.tcAttach(
                netns.nativePath(), ifindex, dir == TcDirection.INGRESS, program.fd(), handle, priority, replace, out);
        return new TcFilter(netns, ifindex, dir, out[1], out[2], out[0], out[3] != 0);
    }

    /** Removes the filter; false if there was none. Never touches the clsact qdisc. */
    public static boolean detach(NetNs netns, int ifindex, TcDirection dir, int handle, int priority) {
        checkIfindex(ifindex);
        checkIds(handle, priority, true);
        return BpfNative.tcDetach(netns.nativePath(), ifindex, dir == TcDirection.INGRESS, handle, priority);
    }

    /**
     * Removes the filter and, if {@code removeHookIfCreated} and {@link TcFilter#createdHook()}, the
     * clsact qdisc too (with every filter on it, both directions). Returns whether the filter existed.
     */
    public static boolean detach(TcFilter filter, boolean removeHookIfCreated) {
        boolean found =
                detach(filter.netns(), filter.ifindex(), filter.direction(), filter.handle(), filter.priority());
        if (removeHookIfCreated && filter.createdHook()) {
            BpfNative.tcHookDestroy(filter.netns().nativePath(), filter.ifindex());
        }
        return found;
    }

    /** The id of the program attached with this handle and priority, 0 if none. */
    public static int query(NetNs netns, int ifindex, TcDirection dir, int handle, int priority) {
        checkIfindex(ifindex);
        checkIds(handle, priority, true);
        return BpfNative.tcQuery(netns.nativePath(), ifindex, dir == TcDirection.INGRESS, handle, priority);
    }

    static void checkIfindex(int ifindex) {
        if (ifindex <= 0) {
            throw new IllegalArgumentException("ifindex must be positive: " + ifindex);
        }
    }

    private static void checkIds(int handle, int priority, boolean required) {
        int min = required ? 1 : 0;
        if (Integer.compareUnsigned(handle, min) < 0 || priority < min || priority > 0xffff) {
            throw new IllegalArgumentException("tc handle must be " + (required ? "non-zero" : "any u32")
                    + " and priority in [" + min + ", 65535]: handle " + handle + ", priority " + priority);
        }
    }
}
