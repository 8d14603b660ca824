package dev.routec.compiler.interp;

import dev.routec.compiler.packet.Frame;
import java.util.Arrays;

/** Hand-made variations of built frames: IPv4 options, IPv6 extension headers, a flow label. */
final class RawFrames {
    private RawFrames() {}

    /** Inserts {@code words} 4-byte words of NOP options into the IPv4 header (IHL, length, checksum fixed). */
    static Frame withIpv4Options(Frame f, int words) {
        byte[] b = f.bytes();
        int l3 = Naive.l3Offset(b);
        byte[] out = insert(b, l3 + 20, words * 4, (byte) 1);
        out[l3] = (byte) (0x40 | (5 + words));
        Naive.put16(out, l3 + 2, Naive.u16(out, l3 + 2) + words * 4);
        Naive.fixIpv4(out);
        return new Frame(out, f.iif(), f.mark());
    }

    /**
     * Inserts 8-byte IPv6 extension headers of the given types right after the fixed header (a
     * fragment header (44) is atomic: offset 0, M clear). Payload length and next headers fixed.
     */
    static Frame withIpv6Extensions(Frame f, int... types) {
        byte[] b = f.bytes();
        int l3 = Naive.l3Offset(b);
        int upper = Naive.u8(b, l3 + 6);
        byte[] out = insert(b, l3 + 40, 8 * types.length, (byte) 0);
        out[l3 + 6] = (byte) types[0];
        for (int i = 0; i < types.length; i++) {
            int at = l3 + 40 + 8 * i;
            out[at] = (byte) (i + 1 < types.length ? types[i + 1] : upper);
            out[at + 1] = 0; // (0 + 1) * 8 bytes; for a fragment header: reserved
        }
        Naive.put16(out, l3 + 4, Naive.u16(out, l3 + 4) + 8 * types.length);
        return new Frame(out, f.iif(), f.mark());
    }

    static Frame withFlowLabel(Frame f, int label) {
        byte[] b = f.bytes();
        int l3 = Naive.l3Offset(b);
        b[l3 + 1] = (byte) ((b[l3 + 1] & 0xf0) | ((label >> 16) & 0x0f));
        Naive.put16(b, l3 + 2, label & 0xffff);
        return new Frame(b, f.iif(), f.mark());
    }

    private static byte[] insert(byte[] b, int at, int n, byte fill) {
        byte[] out = new byte[b.length + n];
        System.arraycopy(b, 0, out, 0, at);
        Arrays.fill(out, at, at + n, fill);
        System.arraycopy(b, at, out, at + n, b.length - at);
        return out;
    }
}
