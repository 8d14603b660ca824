package dev.routec.runtime;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A loaded BPF program. From a {@link BpfObject} it is borrowed (closing it does nothing; the object
 * owns the fd); from {@link #fromPin} or {@link #fromId} it owns its fd and {@link #close()} releases it.
 */
public final class BpfProgram implements AutoCloseable {
    private final FdRef fd;
    private final String name;
    private final ProgramType type;
    private final int id;
    private final long verifiedInstructions;

    private BpfProgram(FdRef fd, String elfName, int rawFd) {
        long[] info = new long[5];
        String kernelName = BpfNative.progInfo(rawFd, info);
        this.fd = fd;
        this.name = elfName != null ? elfName : kernelName;
        this.type = ProgramType.of((int) info[0]);
        this.id = (int) info[1];
        this.verifiedInstructions = info[2];
    }

    static BpfProgram borrowed(BpfObject owner, String name, int fd) {
        return new BpfProgram(FdRef.borrowed(fd, owner, "program '" + name + "'"), name, fd);
    }

    /** Opens the program pinned at {@code path} (bpf_obj_get). */
    public static BpfProgram fromPin(Path path) {
        return owned(BpfNative.objGet(path.toAbsolutePath().toString()), "pinned program " + path);
    }

    /** Opens a loaded program by kernel id (e.g. from {@link Tc#query} or {@link Xdp#queryId}). */
    public static BpfProgram fromId(int id) {
        return owned(BpfNative.progFdById(id), "program id " + id);
    }

    private static BpfProgram owned(int fd, String what) {
        try {
            return new BpfProgram(FdRef.owned(fd, what), null, fd);
        } catch (RuntimeException e) {
            throw FdRef.closeQuietly(fd, e);
        }
    }

    /** The file descriptor; valid while this program (and its object, if any) is open. */
    public int fd() {
        return fd.get();
    }

    /** The ELF (C function) name for object programs, the kernel's (≤ 15 chars) otherwise. */
    public String name() {
        return name;
    }

    public ProgramType type() {
        return type;
    }

    /** The kernel's program id (as {@code bpftool prog} shows). */
    public int id() {
        return id;
    }

    /** {@code bpf_prog_info.verified_insns}: instructions the verifier processed (a complexity metric). */
    public long verifiedInstructions() {
        return verifiedInstructions;
    }

    /** Pins the program at {@code path} on bpffs; it then outlives this process until unpinned. */
    public void pin(Path path) {
        BpfNative.objPin(fd(), path.toAbsolutePath().toString());
    }

    /**
     * Runs the program on a packet with BPF_PROG_TEST_RUN, on the calling CPU. TC programs always get
     * an {@code __sk_buff} context (zeroed unless given) so mark etc. come back in the result.
     */
    public TestRunResult testRun(TestRunRequest request) {
        int kind = contextKind(request);
        int[] ctx =
                switch (kind) {
                    case BpfNative.CTX_SKB ->
                        request.skb().orElse(SkbContext.EMPTY).toArray();
                    case BpfNative.CTX_XDP -> request.xdp().orElseThrow().toArray();
                    default -> new int[4];
                };
        long[] result = new long[3];
        byte[] out =
                BpfNative.testRun(fd(), request.data(), request.dataOutSize(), request.repeat(), kind, ctx, result);
        Optional<SkbContext> skb =
                kind == BpfNative.CTX_SKB ? Optional.of(SkbContext.fromArray(ctx)) : Optional.empty();
        Optional<XdpContext> xdp =
                kind == BpfNative.CTX_XDP ? Optional.of(XdpContext.fromArray(ctx)) : Optional.empty();
        return new TestRunResult((int) result[0], out, result[1], skb, xdp);
    }

    private int contextKind(TestRunRequest request) {
        if (request.xdp().isPresent()) {
            if (type != ProgramType.XDP) {
                throw new IllegalArgumentException("an xdp context needs an XDP program, '" + name + "' is " + type);
            }
            return BpfNative.CTX_XDP;
        }
        if (request.skb().isPresent() || type.takesSkbContext()) {
            return BpfNative.CTX_SKB;
        }
        return BpfNative.CTX_NONE;
    }

    /** Releases an owned fd; no-op for a program borrowed from a {@link BpfObject}. Idempotent. */
    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "BpfProgram[" + name + ", " + type + ", id " + id + "]";
    }
}
