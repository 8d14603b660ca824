package dev.routec.compiler.packet;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads classic libpcap files record by record: both byte orders, microsecond (a1b2c3d4) and nanosecond
 * (a1b23c4d) timestamps, version 2.x. The link type comes from the file header (its low 16 bits); only
 * {@link #LINKTYPE_ETHERNET} records are Ethernet frames, callers skip the others. A truncated or corrupt
 * file, and a pcapng file, raise {@link PcapException} with the file name and byte offset.
 */
public final class PcapReader implements AutoCloseable {
    public static final int LINKTYPE_ETHERNET = 1;
    /** Records claiming more captured bytes than this are treated as corruption. */
    static final int MAX_RECORD = 64 << 20;

    private static final int FILE_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    private final InputStream in;
    private final String name;
    private final ByteOrder order;
    private final boolean nanos;
    private final int linktype;
    private final int snaplen;
    private long offset;
    private int index;

    /** Reads the file header of {@code in}; {@code name} is used in error messages. */
    public PcapReader(InputStream in, String name) throws PcapException {
        this.in = in;
        this.name = name;
        int magic = ByteBuffer.wrap(readExactly(4, "file header")).getInt();
        checkMagic(magic);
        this.order = magic == 0xa1b2c3d4 || magic == 0xa1b23c4d ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        this.nanos = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
        ByteBuffer h =
                ByteBuffer.wrap(readExactly(FILE_HEADER - 4, "file header")).order(order);
        int major = h.getShort(0) & 0xffff;
        if (major != 2) throw error(4, "unsupported pcap version " + major + "." + (h.getShort(2) & 0xffff));
        this.snaplen = h.getInt(12);
        this.linktype = h.getInt(16) & 0xffff;
    }

    public static PcapReader open(Path file) throws PcapException {
        try {
            return new PcapReader(new BufferedInputStream(Files.newInputStream(file), 1 << 16), file.toString());
        } catch (IOException e) {
            throw new PcapException(file + ": cannot open: " + e.getMessage(), e);
        }
    }

    /** Every record of {@code file}. */
    public static List<PcapRecord> readAll(Path file) throws PcapException {
        try (PcapReader r = open(file)) {
            List<PcapRecord> out = new ArrayList<>();
            for (Optional<PcapRecord> rec = r.next(); rec.isPresent(); rec = r.next()) out.add(rec.get());
            return out;
        }
    }

    public int linktype() {
        return linktype;
    }

    public boolean nanosecondTimestamps() {
        return nanos;
    }

    public ByteOrder byteOrder() {
        return order;
    }

    public int snaplen() {
        return snaplen;
    }

    /** The next record, or empty at the end of the file. */
    public Optional<PcapRecord> next() throws PcapException {
        long start = offset;
        byte[] raw = new byte[RECORD_HEADER];
        int got = read(raw);
        if (got == 0) return Optional.empty();
        if (got < RECORD_HEADER)
            throw error(start, "truncated record header of record " + index + " (" + got + " of 16 bytes)");
        ByteBuffer h = ByteBuffer.wrap(raw).order(order);
        long seconds = h.getInt(0) & 0xffffffffL;
        long fraction = h.getInt(4) & 0xffffffffL;
        long caplen = h.getInt(8) & 0xffffffffL;
        long origLen = h.getInt(12) & 0xffffffffL;
        if (caplen > MAX_RECORD)
            throw error(start, "record " + index + " claims " + caplen + " captured bytes; the file is corrupt");
        byte[] data = new byte[(int) caplen];
        int have = read(data);
        if (have < caplen)
            throw error(
                    start,
                    "record " + index + " is truncated: " + caplen + " bytes captured, " + have + " in the file");
        long nanosTs = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000);
        return Optional.of(
                new PcapRecord(index++, data, (int) Math.min(origLen, Integer.MAX_VALUE), linktype, nanosTs));
    }

    @Override
    public void close() throws PcapException {
        try {
            in.close();
        } catch (IOException e) {
            throw new PcapException(name + ": " + e.getMessage(), e);
        }
    }

    private void checkMagic(int magic) throws PcapException {
        if (magic == 0x0a0d0d0a)
            throw new PcapException(
                    name + ": pcapng is not supported; convert with `tcpdump -r " + name + " -w out.pcap`");
        boolean known = magic == 0xa1b2c3d4 || magic == 0xa1b23c4d || magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
        if (!known) throw error(0, String.format("not a pcap file (magic 0x%08x)", magic));
    }

    private byte[] readExactly(int n, String what) throws PcapException {
        byte[] b = new byte[n];
        int got = read(b);
        if (got < n) throw error(offset - got, "truncated " + what + " (" + got + " of " + n + " bytes)");
        return b;
    }

    /** Reads until {@code b} is full or the stream ends; returns the count read. */
    private int read(byte[] b) throws PcapException {
        try {
            int got = in.readNBytes(b, 0, b.length);
            offset += got;
            return got;
        } catch (IOException e) {
            throw new PcapException(name + ": read error at offset " + offset + ": " + e.getMessage(), e);
        }
    }

    private PcapException error(long at, String message) {
        return new PcapException(name + ": offset " + at + ": " + message);
    }
}
