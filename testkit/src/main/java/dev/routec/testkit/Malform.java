package dev.routec.testkit;

import dev.routec.compiler.packet.Checksums;
import dev.routec.compiler.packet.Frame;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Frames the packet notation cannot write: cut short, IPv4 options, IPv6 extension headers, more
 * VLAN tags, other EtherTypes, flipped and overwritten bytes. Each method returns a new frame with the
 * same {@code iif} and mark; lengths, next-header chains and the IPv4 header checksum are kept
 * consistent where the method says so, so the frame stays well formed up to the change it makes.
 */
public final class Malform {
    /** IPv6 extension headers the datapath skips: hop-by-hop, routing, fragment, destination options. */
    public static final int[] IPV6_EXTENSIONS = {0, 43, 44, 60};

    private static final int[] TPIDS = {0x8100, 0x88a8};
    private static final int[] ETH_TYPES = {0x0800, 0x86dd, 0x0806, 0x8100, 0x88a8, 0x88cc, 0x8847, 0x0000, 0xffff};

    private Malform() {}

    /** The first {@code n} bytes (all of them when {@code n} is at least the length). */
    public static Frame truncate(Frame f, int n) {
        return f.withBytes(Arrays.copyOf(f.bytes(), Math.max(0, Math.min(n, f.length()))));
    }

    /** The L3 offset after up to two VLAN tags (802.1Q or 802.1ad), or -1 for a frame shorter than 14 bytes. */
    public static int l3Offset(byte[] b) {
        if (b.length < 14) return -1;
        int off = 12;
        for (int tags = 0; tags < 2 && off + 6 <= b.length; tags++) {
            int t = u16(b, off);
            if (t != 0x8100 && t != 0x88a8) break;
            off += 4;
        }
        return off + 2;
    }

    /** The EtherType after the tags, or -1. */
    public static int etherType(byte[] b) {
        int l3 = l3Offset(b);
        return l3 < 0 || l3 > b.length ? -1 : u16(b, l3 - 2);
    }

    /**
     * Inserts {@code words} 4-byte words of options into the IPv4 header (IHL, total length and
     * header checksum fixed); the options are NOPs, or random bytes when {@code r} is given.
     */
    public static Frame ipv4Options(Frame f, int words, RandomGenerator r) {
        byte[] b = f.bytes();
        int l3 = l3Offset(b);
        if (l3 < 0 || etherType(b) != 0x0800 || b.length < l3 + 20 || (b[l3] & 0x0f) != 5) return f;
        byte[] opts = new byte[words * 4];
        if (r == null) Arrays.fill(opts, (byte) 1);
        else r.nextBytes(opts);
        byte[] out = insert(b, l3 + 20, opts);
        out[l3] = (byte) (0x40 | (5 + words));
        put16(out, l3 + 2, (u16(out, l3 + 2) + words * 4) & 0xffff);
        fixIpv4Checksum(out, l3);
        return f.withBytes(out);
    }

    /**
     * Inserts IPv6 extension headers of the given types after the fixed header, 8 bytes each (a
     * fragment header gets offset {@code fragOffset} and the M flag {@code more}); payload length and
     * the next-header chain fixed.
     */
    public static Frame ipv6Extensions(Frame f, int fragOffset, boolean more, int... types) {
        byte[] b = f.bytes();
        int l3 = l3Offset(b);
        if (l3 < 0 || etherType(b) != 0x86dd || b.length < l3 + 40 || types.length == 0) return f;
        int upper = b[l3 + 6] & 0xff;
        byte[] ext = new byte[8 * types.length];
        for (int i = 0; i < types.length; i++) {
            ext[8 * i] = (byte) (i + 1 < types.length ? types[i + 1] : upper);
            if (types[i] == 44) {
                put16(ext, 8 * i + 2, ((fragOffset & 0x1fff) << 3) | (more ? 1 : 0));
                ext[8 * i + 7] = 0x2a;
            }
        }
        byte[] out = insert(b, l3 + 40, ext);
        out[l3 + 6] = (byte) types[0];
        put16(out, l3 + 4, (u16(out, l3 + 4) + ext.length) & 0xffff);
        return f.withBytes(out);
    }

    /** Adds a tag with {@code tpid} and VLAN id {@code vid} in front of the frame's EtherType or tags. */
    public static Frame outerTag(Frame f, int tpid, int vid) {
        byte[] b = f.bytes();
        if (b.length < 12) return f;
        byte[] tag = {(byte) (tpid >>> 8), (byte) tpid, (byte) (vid >>> 8), (byte) vid};
        return f.withBytes(insert(b, 12, tag));
    }

    /** Replaces the byte at {@code index} (no checksum fixed). */
    public static Frame setByte(Frame f, int index, int value) {
        byte[] b = f.bytes();
        if (index < 0 || index >= b.length) return f;
        b[index] = (byte) value;
        return f.withBytes(b);
    }

    /** Replaces the EtherType after the tags. */
    public static Frame etherType(Frame f, int type) {
        byte[] b = f.bytes();
        int l3 = l3Offset(b);
        if (l3 < 0 || l3 > b.length) return f;
        put16(b, l3 - 2, type);
        return f.withBytes(b);
    }

    /**
     * One to three random malformations: truncation (anywhere, but mostly inside the headers),
     * IPv4 options, IPv6 extension headers (up to five), extra tags, another EtherType, a header
     * field overwritten (version, IHL, lengths, flags and offsets, next header, data offset) or a
     * random byte flipped.
     */
    public static Frame mutate(Frame f, RandomGenerator r) {
        Frame out = f;
        int n = 1 + (r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0);
        for (int i = 0; i < n; i++) out = once(out, r);
        return out;
    }

    private static Frame once(Frame f, RandomGenerator r) {
        byte[] b = f.bytes();
        int l3 = l3Offset(b);
        int headers = l3 < 0 ? b.length : Math.min(b.length, l3 + 80);
        return switch (r.nextInt(10)) {
            case 0, 1 -> truncate(f, r.nextInt(4) == 0 ? r.nextInt(b.length + 1) : r.nextInt(headers + 1));
            case 2 -> ipv4Options(f, 1 + r.nextInt(10), r.nextBoolean() ? null : r);
            case 3 -> {
                int[] types = new int[1 + r.nextInt(5)];
                for (int i = 0; i < types.length; i++) types[i] = IPV6_EXTENSIONS[r.nextInt(IPV6_EXTENSIONS.length)];
                yield ipv6Extensions(f, r.nextInt(3) == 0 ? r.nextInt(0x2000) : 0, r.nextBoolean(), types);
            }
            case 4 -> outerTag(f, TPIDS[r.nextInt(TPIDS.length)], r.nextInt(4096));
            case 5 -> etherType(f, ETH_TYPES[r.nextInt(ETH_TYPES.length)]);
            case 6, 7 -> headerField(f, b, l3, r);
            default -> b.length == 0 ? f : flip(f, r.nextInt(Math.max(1, headers)), r.nextInt(8));
        };
    }

    /** Flips one bit. */
    public static Frame flip(Frame f, int index, int bit) {
        byte[] b = f.bytes();
        if (index < 0 || index >= b.length) return f;
        b[index] ^= (byte) (1 << (bit & 7));
        return f.withBytes(b);
    }

    /** Overwrites a byte of the IP or L4 header that the parser reads. */
    private static Frame headerField(Frame f, byte[] b, int l3, RandomGenerator r) {
        if (l3 < 0 || l3 >= b.length) return f;
        int[] at =
                switch (etherType(b)) {
                    case 0x0800 -> new int[] {0, 0, 2, 3, 6, 6, 7, 9, 20 + 12, 20 + 13};
                    case 0x86dd -> new int[] {0, 4, 5, 6, 6, 40, 41, 40 + 12, 42, 43};
                    default -> new int[] {0, 1, 2};
                };
        int off = l3 + at[r.nextInt(at.length)];
        int v =
                switch (r.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> 0xff;
                    default -> r.nextInt(256);
                };
        return setByte(f, off, v);
    }

    static void fixIpv4Checksum(byte[] b, int l3) {
        int hl = (b[l3] & 0x0f) * 4;
        if (b.length < l3 + hl) return;
        put16(b, l3 + 10, 0);
        put16(b, l3 + 10, Checksums.internet(b, l3, hl));
    }

    static byte[] insert(byte[] b, int at, byte[] what) {
        at = Math.min(at, b.length);
        byte[] out = new byte[b.length + what.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(b, at, out, at + what.length, b.length - at);
        return out;
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }
}
