package dev.routec.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the records of a {@code BPF_MAP_TYPE_RINGBUF} map. Not thread-safe: one reader per
 * thread. Records are returned in the order the kernel committed them.
 */
public final class RingBuffer implements AutoCloseable {
    private long handle;
    private final BpfMap map;

    private RingBuffer(BpfMap map, long handle) {
        this.map = map;
        this.handle = handle;
    }

    /** Opens a reader on a ring-buffer map (borrowed or owned; the map must outlive the reader). */
    public static RingBuffer open(BpfMap map) {
        Objects.requireNonNull(map, "map");
        if (map.type() != MapType.RINGBUF) {
            throw new IllegalArgumentException("map " + map.name() + " is a " + map.type() + ", not a ring buffer");
        }
        return new RingBuffer(map, BpfNative.ringbufNew(map.fd()));
    }

    /**
     * Waits up to {@code timeout} for records (zero: only what is there) and returns every record
     * available then (libbpf consumes each record as it hands it over, so there is no partial read).
     */
    public List<byte[]> poll(Duration timeout) {
        if (handle == 0) throw new IllegalStateException("ring buffer reader of " + map.name() + " is closed");
        int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(0, timeout.toMillis()));
        byte[] raw = BpfNative.ringbufPoll(handle, ms);
        List<byte[]> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        while (b.remaining() >= Integer.BYTES) {
            byte[] rec = new byte[b.getInt()];
            b.get(rec);
            out.add(rec);
        }
        return out;
    }

    @Override
    public void close() {
        if (handle != 0) {
            BpfNative.ringbufFree(handle);
            handle = 0;
        }
    }
}
