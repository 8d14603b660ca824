package dev.routec.runtime;

/**
 * XDP programs through netlink (libbpf {@code bpf_xdp_*}). Attachments outlive the process. For an
 * attachment that ends with its owner, use {@link BpfLink#xdp}. Every call runs in the given namespace.
 */
public final class Xdp {
    private Xdp() {}

    /** Attaches {@code program}; fails with EBUSY if a program is already attached in that mode. */
    public static void attach(NetNs netns, int ifindex, BpfProgram program, XdpMode mode) {
        Tc.checkIfindex(ifindex);
        BpfNative.xdpAttach(netns.nativePath(), ifindex, program.fd(), mode.flags() | XdpMode.UPDATE_IF_NOEXIST, 0);
    }

    /**
     * Atomically replaces {@code expected} with {@code program} (XDP_FLAGS_REPLACE); fails with EEXIST
     * if {@code expected} is no longer the attached program.
     */
    public static void replace(NetNs netns, int ifindex, BpfProgram program, BpfProgram expected, XdpMode mode) {
        Tc.checkIfindex(ifindex);
        BpfNative.xdpAttach(netns.nativePath(), ifindex, program.fd(), mode.flags(), expected.fd());
    }

    /** Detaches whatever program is attached in {@code mode}; no error if none. */
    public static void detach(NetNs netns, int ifindex, XdpMode mode) {
        Tc.checkIfindex(ifindex);
        BpfNative.xdpDetach(netns.nativePath(), ifindex, mode.flags(), 0);
    }

    /** Detaches {@code expected} only if it is still the attached program (EEXIST otherwise). */
    public static void detach(NetNs netns, int ifindex, XdpMode mode, BpfProgram expected) {
        Tc.checkIfindex(ifindex);
        BpfNative.xdpDetach(netns.nativePath(), ifindex, mode.flags(), expected.fd());
    }

    /**
     * The attached program's id, 0 if none. {@link XdpMode#AUTO} reports the single attached program
     * (0 if programs are attached in several modes); other modes report that mode's program.
     */
    public static int queryId(NetNs netns, int ifindex, XdpMode mode) {
        Tc.checkIfindex(ifindex);
        return BpfNative.xdpQueryId(netns.nativePath(), ifindex, mode.flags());
    }
}
