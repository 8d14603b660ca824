package dev.routec.runtime;

import java.nio.file.Path;

/**
 * A BPF link: an attachment owned by a file descriptor. It detaches when the last reference goes
 * (this fd closed and no pin), so a crashed owner leaves nothing behind unless it pinned the link.
 * {@link #update} swaps the program atomically.
 */
public final class BpfLink implements AutoCloseable {
    /** BPF_XDP attach type. */
    private static final int ATTACH_XDP = 37;

    private final FdRef fd;
    private final int id;
    private final int type;

    private BpfLink(int fd, String what) {
        long[] info = new long[3];
        BpfNative.linkInfo(fd, info);
        this.fd = FdRef.owned(fd, what);
        this.type = (int) info[0];
        this.id = (int) info[1];
    }

    private static BpfLink owned(int fd, String what) {
        try {
            return new BpfLink(fd, what);
        } catch (RuntimeException e) {
            throw FdRef.closeQuietly(fd, e);
        }
    }

    /** Attaches an XDP program to {@code ifindex} through a link (kernel ≥ 5.9). */
    public static BpfLink xdp(NetNs netns, int ifindex, BpfProgram program, XdpMode mode) {
        Tc.checkIfindex(ifindex);
        int fd = BpfNative.linkCreate(netns.nativePath(), program.fd(), ifindex, ATTACH_XDP, mode.flags());
        return owned(fd, "XDP link on ifindex " + ifindex);
    }

    /**
     * Attaches a SCHED_CLS program with tcx (kernel ≥ 6.6; no clsact qdisc involved). Fails with EINVAL
     * on older kernels: use {@link Tc} there.
     */
    public static BpfLink tcx(NetNs netns, int ifindex, TcDirection dir, BpfProgram program) {
        Tc.checkIfindex(ifindex);
        int fd = BpfNative.linkCreate(netns.nativePath(), program.fd(), ifindex, dir.tcxAttachType(), 0);
        return owned(fd, "tcx " + dir + " link on ifindex " + ifindex);
    }

    /** Opens the link pinned at {@code path}. */
    public static BpfLink fromPin(Path path) {
        return owned(BpfNative.objGet(path.toAbsolutePath().toString()), "pinned link " + path);
    }

    /** Opens a link by kernel id. */
    public static BpfLink fromId(int id) {
        return owned(BpfNative.linkFdById(id), "link id " + id);
    }

    public int fd() {
        return fd.get();
    }

    public int id() {
        return id;
    }

    /** {@code enum bpf_link_type} (2 tracing, 6 xdp, 11 tcx, ...). */
    public int type() {
        return type;
    }

    /** The id of the program the link runs now. */
    public int programId() {
        long[] info = new long[3];
        BpfNative.linkInfo(fd(), info);
        return (int) info[2];
    }

    /** Atomically makes the link run {@code program}. */
    public void update(BpfProgram program) {
        BpfNative.linkUpdate(fd(), program.fd(), 0);
    }

    /** Like {@link #update(BpfProgram)}, but fails (EPERM) unless {@code expected} is the current program. */
    public void update(BpfProgram program, BpfProgram expected) {
        BpfNative.linkUpdate(fd(), program.fd(), expected.fd());
    }

    /** Pins the link: the attachment then outlives this fd and process until unpinned. */
    public void pin(Path path) {
        BpfNative.objPin(fd(), path.toAbsolutePath().toString());
    }

    /** Detaches now, even if pinned or shared; the fd stays open (defunct) until {@link #close()}. */
    public void detach() {
        BpfNative.linkDetach(fd());
    }

    /** Releases the fd; detaches if this was the last reference (not pinned). Idempotent. */
    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "BpfLink[id " + id + ", type " + type + "]";
    }
}
