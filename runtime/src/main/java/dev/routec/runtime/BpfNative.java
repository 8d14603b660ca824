package dev.routec.runtime;

/**
 * The JNI boundary: one static native method per coarse libbpf operation, implemented in {@code
 * src/main/c/bpfshim.c}. {@code javac -h} generates the header that the C file includes, so a signature
 * change here breaks the native build.
 *
 * <p>Conventions: every method throws {@link BpfException} (errno + libbpf's captured messages) on
 * failure; a {@code String netns} is a network-namespace file path or {@code null} for the caller's
 * namespace, and the switch into it happens inside the one native call. Buffer sizes are the caller's
 * job: value arrays must be as large as the kernel writes (per-CPU maps: cpus * round8(valueSize)).
 * Only the classes of this package call these methods, after checking their arguments.
 */
final class BpfNative {
    private BpfNative() {}

    static {
        NativeLoader.load();
    }

    /** Forces the class (and so the library) to load; throws what loading throws. */
    static void ensureLoaded() {}

    // ---- objects: a handle is the address of the shim's struct (bpf_object + verifier log buffer)

    static native long objectOpenMem(byte[] elf, String objectName, String pinRoot, int logSize, int logLevel);

    static native long objectOpenFile(String path, String objectName, String pinRoot, int logSize, int logLevel);

    static native String[] objectProgramNames(long handle);

    static native String[] objectMapNames(long handle);

    /** {@code path == null}: do not pin this map. Before load only. */
    static native void objectSetMapPinPath(long handle, String map, String path);

    /** The map's pin path as libbpf will use (or used) it, or null. */
    static native String objectMapPinPath(long handle, String map);

    static native void objectReuseMapFd(long handle, String map, int fd);

    static native void objectSetMapMaxEntries(long handle, String map, int maxEntries);

    static native void objectLoad(long handle);

    /** The verifier log buffer's current contents (empty unless a log level was set or a load failed). */
    static native byte[] objectLog(long handle);

    static native int objectProgramFd(long handle, String program);

    static native int objectMapFd(long handle, String map);

    /** bpf_object__close: closes every program and map fd of the object, frees the handle. */
    static native void objectClose(long handle);

    // ---- file descriptors, pins, ids

    static native void closeFd(int fd);

    static native int objGet(String path);

    static native void objPin(int fd, String path);

    static native int progFdById(int id);

    static native int mapFdById(int id);

    static native int linkFdById(int id);

    /** out: [type, id, verified_insns, xlated_prog_len, jited_prog_len]; returns the kernel's name. */
    static native String progInfo(int fd, long[] out);

    /** out: [type, id, key_size, value_size, max_entries, map_flags]; returns the kernel's name. */
    static native String mapInfo(int fd, long[] out);

    /** out: [type, id, prog_id]. */
    static native void linkInfo(int fd, long[] out);

    // ---- maps

    /** Returns false if the key is absent; fills {@code value} otherwise. */
    static native boolean mapLookup(int fd, byte[] key, byte[] value);

    static native void mapUpdate(int fd, byte[] key, byte[] value, long flags);

    /** Returns false if the key was absent. */
    static native boolean mapDelete(int fd, byte[] key);

    /** All keys by bpf_map_get_next_key, concatenated; at most {@code maxKeys}. */
    static native byte[] mapKeys(int fd, int keySize, int maxKeys);

    /** Returns how many elements were updated. */
    static native int mapUpdateBatch(int fd, byte[] keys, byte[] values, int count, long elemFlags);

    /** All entries by bpf_map_lookup_batch: {keys concatenated, values concatenated}. */
    static native byte[][] mapLookupBatch(int fd, int keySize, int valueSize, int maxEntries);

    static native int numPossibleCpus();

    /** libbpf_probe_bpf_prog_type: 1 supported, 0 not, negative errno on error. */
    static native int probeProgType(int progType);

    // ---- BPF_PROG_TEST_RUN

    static final int CTX_NONE = 0;
    static final int CTX_SKB = 1;
    static final int CTX_XDP = 2;

    /**
     * ctxKind 0 none, 1 __sk_buff (ctx = [mark, priority, ingress_ifindex, ifindex]), 2 xdp_md (ctx =
     * [ingress_ifindex, rx_queue_index, 0, 0]); ctx is read, then overwritten with ctx_out. result =
     * [retval, duration ns, data_size_out]. Returns the output packet.
     */
    static native byte[] testRun(
            int fd, byte[] data, int dataOutSize, int repeat, int ctxKind, int[] ctx, long[] result);

    // ---- tc (clsact via netlink)

    /** out: [prog_id, handle, priority, 1 if this call created the clsact hook]. */
    static native void tcAttach(
            String netns,
            int ifindex,
            boolean ingress,
            int progFd,
            int handle,
            int priority,
            boolean replace,
            int[] out);

    /** Returns false if no such filter. */
    static native boolean tcDetach(String netns, int ifindex, boolean ingress, int handle, int priority);

    /** Returns the attached program id, 0 if none. */
    static native int tcQuery(String netns, int ifindex, boolean ingress, int handle, int priority);

    /** Deletes the clsact qdisc (all its filters, both directions). Returns false if there was none. */
    static native boolean tcHookDestroy(String netns, int ifindex);

    // ---- xdp (netlink) and links

    /** oldProgFd > 0 makes it a compare-and-swap replace (XDP_FLAGS_REPLACE). */
    static native void xdpAttach(String netns, int ifindex, int progFd, int flags, int oldProgFd);

    static native void xdpDetach(String netns, int ifindex, int flags, int oldProgFd);

    static native int xdpQueryId(String netns, int ifindex, int flags);

    static native int linkCreate(String netns, int progFd, int targetFd, int attachType, int flags);

    /** oldProgFd > 0 adds BPF_F_REPLACE (compare-and-swap). */
    static native void linkUpdate(int linkFd, int newProgFd, int oldProgFd);

    static native void linkDetach(int linkFd);

    // ---- interfaces

    static native int ifNameToIndex(String netns, String name);

    static native byte[] ifIndexToName(String netns, int ifindex);

    // ---- ring buffers ----

    /** A reader of the BPF_MAP_TYPE_RINGBUF map {@code fd}; free with {@link #ringbufFree}. */
    static native long ringbufNew(int fd);

    /** Waits up to {@code timeoutMs} (0: no wait); returns every available record as [u32 length][bytes]... */
    static native byte[] ringbufPoll(long handle, int timeoutMs);

    static native void ringbufFree(long handle);
}
