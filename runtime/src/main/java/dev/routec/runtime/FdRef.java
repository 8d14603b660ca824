package dev.routec.runtime;

/**
 * A BPF file descriptor that is either owned (closed by {@link #close()}) or borrowed from a {@link
 * BpfObject} (closed by the object; valid only while the object is open). Using a borrowed fd after its
 * object closed throws instead of touching a number the process may have reused for something else.
 */
final class FdRef {
    private final String what;
    private final BpfObject owner;
    private int fd;

    private FdRef(int fd, BpfObject owner, String what) {
        this.fd = fd;
        this.owner = owner;
        this.what = what;
    }

    static FdRef owned(int fd, String what) {
        return new FdRef(fd, null, what);
    }

    static FdRef borrowed(int fd, BpfObject owner, String what) {
        return new FdRef(fd, owner, what);
    }

    synchronized int get() {
        if (fd < 0) {
            throw new IllegalStateException(what + " is closed");
        }
        if (owner != null) {
            owner.ensureOpen();
        }
        return fd;
    }

    boolean isOwned() {
        return owner == null;
    }

    /** Closes an owned fd (once); a borrowed one is left to its object. */
    synchronized void close() {
        if (owner == null && fd >= 0) {
            BpfNative.closeFd(fd);
            fd = -1;
        }
    }

    /** Closes an owned fd after a failed construction, keeping the original exception. */
    static <T extends Throwable> T closeQuietly(int fd, T cause) {
        try {
            BpfNative.closeFd(fd);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
        return cause;
    }
}
