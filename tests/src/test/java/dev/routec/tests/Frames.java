package dev.routec.tests;

import dev.routec.compiler.packet.Checksums;
import dev.routec.compiler.packet.Frame;
import java.util.Arrays;

/** Hand-made variations of built frames that the notation cannot write. */
final class Frames {
    private Frames() {}

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static Frame of(Frame f, byte[] b) {
        return new Frame(b, f.iif(), f.mark());
    }

    /** The first {@code n} bytes. */
    static Frame truncate(Frame f, int n) {
        return of(f, Arrays.copyOf(f.bytes(), n));
    }

    static byte[] insert(byte[] b, int at, byte[] what) {
        byte[] out = new byte[b.length + what.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(b, at, out, at + what.length, b.length - at);
        return out;
    }

    /** Inserts {@code words} 4-byte words of NOP options into the IPv4 header (IHL, length, checksum fixed). */
    static Frame ipv4Options(Frame f, int words) {
        byte[] b = f.bytes();
        int l3 = Differ.l3(b);
        byte[] opts = new byte[words * 4];
        Arrays.fill(opts, (byte) 1);
        byte[] out = insert(b, l3 + 20, opts);
        out[l3] = (byte) (0x40 | (5 + words));
        put16(out, l3 + 2, u16(out, l3 + 2) + words * 4);
        fixIpv4(out, l3);
        return of(f, out);
    }

    static void fixIpv4(byte[] b, int l3) {
        int hl = (b[l3] & 0x0f) * 4;
        put16(b, l3 + 10, 0);
        put16(b, l3 + 10, Checksums.internet(b, l3, hl));
    }

    /**
     * Inserts IPv6 extension headers of the given types after the fixed header, 8 bytes each (a
     * fragment header gets {@code fragOffset} and the M flag {@code more}); lengths and next headers
     * fixed.
     */
    static Frame ipv6Extensions(Frame f, int fragOffset, boolean more, int... types) {
        byte[] b = f.bytes();
        int l3 = Differ.l3(b);
        int upper = b[l3 + 6] & 0xff;
        byte[] ext = new byte[8 * types.length];
        for (int i = 0; i < types.length; i++) {
            ext[8 * i] = (byte) (i + 1 < types.length ? types[i + 1] : upper);
            if (types[i] == 44) {
                put16(ext, 8 * i + 2, (fragOffset << 3) | (more ? 1 : 0));
                ext[8 * i + 7] = 0x2a;
            }
        }
        byte[] out = insert(b, l3 + 40, ext);
        out[l3 + 6] = (byte) types[0];
        put16(out, l3 + 4, u16(out, l3 + 4) + ext.length);
        return of(f, out);
    }

    /** Adds an outer 802.1ad tag (QinQ) in front of the frame's EtherType/tags. */
    static Frame outerTag(Frame f, int tpid, int vid) {
        byte[] b = f.bytes();
        byte[] tag = {(byte) (tpid >>> 8), (byte) tpid, (byte) (vid >>> 8), (byte) vid};
        return of(f, insert(b, 12, tag));
    }
}
