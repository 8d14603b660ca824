package dev.routec.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A BPF map. From a {@link BpfObject} it is borrowed (closing it does nothing; the object owns the fd);
 * from {@link #fromPin} or {@link #fromId} it owns its fd and {@link #close()} releases it.
 *
 * <p>Keys and values are raw bytes in the kernel's (host) byte order and layout; lengths must equal
 * {@link #keySize()} and {@link #valueSize()}. Per-CPU maps are read and written with the {@code PerCpu}
 * methods only.
 */
public final class BpfMap implements AutoCloseable {
    private static final Set<Integer> BATCH_UNSUPPORTED = Set.of(Errno.EINVAL, Errno.ENOTSUPP, Errno.EOPNOTSUPP);
    private static volatile int possibleCpus;

    private final FdRef fd;
    private final String name;
    private final MapType type;
    private final int id;
    private final int keySize;
    private final int valueSize;
    private final int maxEntries;
    private final int flags;

    private BpfMap(FdRef fd, String objectName, int rawFd) {
        long[] info = new long[6];
        String kernelName = BpfNative.mapInfo(rawFd, info);
        this.fd = fd;
        this.name = objectName != null ? objectName : kernelName;
        this.type = MapType.of((int) info[0]);
        this.id = (int) info[1];
        this.keySize = (int) info[2];
        this.valueSize = (int) info[3];
        this.maxEntries = (int) info[4];
        this.flags = (int) info[5];
    }

    static BpfMap borrowed(BpfObject owner, String name, int fd) {
        return new BpfMap(FdRef.borrowed(fd, owner, "map '" + name + "'"), name, fd);
    }

    /** Opens the map pinned at {@code path} (bpf_obj_get). */
    public static BpfMap fromPin(Path path) {
        return owned(BpfNative.objGet(path.toAbsolutePath().toString()), "pinned map " + path);
    }

    /** Opens a map by kernel id. */
    public static BpfMap fromId(int id) {
        return owned(BpfNative.mapFdById(id), "map id " + id);
    }

    private static BpfMap owned(int fd, String what) {
        try {
            return new BpfMap(FdRef.owned(fd, what), null, fd);
        } catch (RuntimeException e) {
            throw FdRef.closeQuietly(fd, e);
        }
    }

    /** Number of possible CPUs: the number of slots in a per-CPU value. */
    public static int possibleCpus() {
        int n = possibleCpus;
        if (n == 0) {
            n = BpfNative.numPossibleCpus();
            possibleCpus = n;
        }
        return n;
    }

    public int fd() {
        return fd.get();
    }

    /** The object's map name for object maps, the kernel's (≤ 15 chars) otherwise. */
    public String name() {
        return name;
    }

    public MapType type() {
        return type;
    }

    public int id() {
        return id;
    }

    public int keySize() {
        return keySize;
    }

    public int valueSize() {
        return valueSize;
    }

    public int maxEntries() {
        return maxEntries;
    }

    /** {@code map_flags} (e.g. BPF_F_NO_PREALLOC = 1). */
    public int flags() {
        return flags;
    }

    public Optional<byte[]> lookup(byte[] key) {
        requirePerCpu(false, "lookup");
        checkKey(key);
        byte[] value = new byte[valueSize];
        return BpfNative.mapLookup(fd(), key, value) ? Optional.of(value) : Optional.empty();
    }

    public void update(byte[] key, byte[] value) {
        update(key, value, UpdateMode.ANY);
    }

    public void update(byte[] key, byte[] value, UpdateMode mode) {
        requirePerCpu(false, "update");
        checkKey(key);
        checkValue(value);
        BpfNative.mapUpdate(fd(), key, value, mode.flags());
    }

    /** Deletes {@code key}; false if it was absent. Array maps cannot delete (EINVAL). */
    public boolean delete(byte[] key) {
        checkKey(key);
        return BpfNative.mapDelete(fd(), key);
    }

    /**
     * All keys, by {@code bpf_map_get_next_key}. Weakly consistent if the map changes meanwhile (a
     * deleted cursor key restarts a hash walk), and never more than {@link #maxEntries()} keys.
     */
    public List<byte[]> keys() {
        return split(BpfNative.mapKeys(fd(), keySize, maxEntries), keySize);
    }

    /** One value per possible CPU ({@link #possibleCpus()}), each {@link #valueSize()} bytes. */
    public Optional<byte[][]> lookupPerCpu(byte[] key) {
        requirePerCpu(true, "lookupPerCpu");
        checkKey(key);
        int stride = perCpuStride();
        byte[] all = new byte[stride * possibleCpus()];
        if (!BpfNative.mapLookup(fd(), key, all)) {
            return Optional.empty();
        }
        byte[][] values = new byte[possibleCpus()][];
        for (int cpu = 0; cpu < values.length; cpu++) {
            values[cpu] = Arrays.copyOfRange(all, cpu * stride, cpu * stride + valueSize);
        }
        return Optional.of(values);
    }

    /** Writes one value per possible CPU (exactly {@link #possibleCpus()} values). */
    public void updatePerCpu(byte[] key, byte[][] values, UpdateMode mode) {
        requirePerCpu(true, "updatePerCpu");
        checkKey(key);
        if (values.length != possibleCpus()) {
            throw new IllegalArgumentException(
                    "map '" + name + "': need " + possibleCpus() + " per-CPU values, got " + values.length);
        }
        int stride = perCpuStride();
        byte[] all = new byte[stride * values.length];
        for (int cpu = 0; cpu < values.length; cpu++) {
            checkValue(values[cpu]);
            System.arraycopy(values[cpu], 0, all, cpu * stride, valueSize);
        }
        BpfNative.mapUpdate(fd(), key, all, mode.flags());
    }

    public int batchUpdate(byte[][] keys, byte[][] values) {
        return batchUpdate(keys, values, UpdateMode.ANY);
    }

    /**
     * Writes all pairs with one {@code BPF_MAP_UPDATE_BATCH}, or one update each where the map type
     * has no batch support. Returns the number written.
     */
    public int batchUpdate(byte[][] keys, byte[][] values, UpdateMode mode) {
        requirePerCpu(false, "batchUpdate");
        if (keys.length != values.length) {
            throw new IllegalArgumentException(
                    "batchUpdate: " + keys.length + " keys but " + values.length + " values");
        }
        if (keys.length == 0) {
            return 0;
        }
        byte[] flatKeys = concat(keys, keySize, this::checkKey);
        byte[] flatValues = concat(values, valueSize, this::checkValue);
        try {
            return BpfNative.mapUpdateBatch(fd(), flatKeys, flatValues, keys.length, mode.flags());
        } catch (BpfException e) {
            if (e.errno() != Errno.ENOTSUPP && e.errno() != Errno.EOPNOTSUPP) {
                throw e;
            }
        }
        for (int i = 0; i < keys.length; i++) {
            BpfNative.mapUpdate(fd(), keys[i], values[i], mode.flags());
        }
        return keys.length;
    }

    /**
     * Every entry, by {@code BPF_MAP_LOOKUP_BATCH}; where the map type has no batch lookup (EINVAL,
     * ENOTSUPP), by key iteration plus lookups.
     */
    public List<MapEntry> batchLookup() {
        requirePerCpu(false, "batchLookup");
        byte[][] kv;
        try {
            kv = BpfNative.mapLookupBatch(fd(), keySize, valueSize, maxEntries);
        } catch (BpfException e) {
            if (!BATCH_UNSUPPORTED.contains(e.errno())) {
                throw e;
            }
            return lookupByIteration();
        }
        List<byte[]> ks = split(kv[0], keySize);
        List<byte[]> vs = split(kv[1], valueSize);
        List<MapEntry> entries = new ArrayList<>(ks.size());
        for (int i = 0; i < ks.size(); i++) {
            entries.add(new MapEntry(ks.get(i), vs.get(i)));
        }
        return List.copyOf(entries);
    }

    private List<MapEntry> lookupByIteration() {
        List<MapEntry> entries = new ArrayList<>();
        for (byte[] key : keys()) {
            lookup(key).ifPresent(v -> entries.add(new MapEntry(key, v)));
        }
        return List.copyOf(entries);
    }

    /** Pins the map at {@code path} on bpffs; it then outlives this process until unpinned. */
    public void pin(Path path) {
        BpfNative.objPin(fd(), path.toAbsolutePath().toString());
    }

    /** Releases an owned fd; no-op for a map borrowed from a {@link BpfObject}. Idempotent. */
    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "BpfMap[" + name + ", " + type + ", id " + id + ", key " + keySize + ", value " + valueSize + ", max "
                + maxEntries + "]";
    }

    private int perCpuStride() {
        return (valueSize + 7) & ~7;
    }

    private void requirePerCpu(boolean perCpu, String op) {
        if (type.isPerCpu() != perCpu) {
            throw new IllegalStateException("map '" + name + "' is " + type + ": " + op + " is for "
                    + (perCpu ? "per-CPU maps" : "maps that are not per-CPU (use the PerCpu methods)"));
        }
    }

    private void checkKey(byte[] key) {
        if (key.length != keySize) {
            throw new IllegalArgumentException(
                    "map '" + name + "': key is " + key.length + " bytes, the map's key size is " + keySize);
        }
    }

    private void checkValue(byte[] value) {
        if (value.length != valueSize) {
            throw new IllegalArgumentException(
                    "map '" + name + "': value is " + value.length + " bytes, the map's value size is " + valueSize);
        }
    }

    private static byte[] concat(byte[][] parts, int size, java.util.function.Consumer<byte[]> check) {
        byte[] all = new byte[parts.length * size];
        for (int i = 0; i < parts.length; i++) {
            check.accept(parts[i]);
            System.arraycopy(parts[i], 0, all, i * size, size);
        }
        return all;
    }

    private static List<byte[]> split(byte[] flat, int size) {
        if (size == 0) {
            return List.of();
        }
        List<byte[]> parts = new ArrayList<>(flat.length / size);
        for (int off = 0; off + size <= flat.length; off += size) {
            parts.add(Arrays.copyOfRange(flat, off, off + size));
        }
        return List.copyOf(parts);
    }
}
