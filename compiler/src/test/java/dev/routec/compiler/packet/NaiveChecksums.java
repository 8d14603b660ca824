package dev.routec.compiler.packet;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A second, deliberately naive implementation of the checksums, written from the RFCs without sharing code
 * with {@link Checksums}: end-around carry on every addition, pseudo headers assembled as bytes, bitwise
 * CRC32c. It verifies frames laid out like {@link PacketBuilder}'s (IPv4 without options, IPv6 without
 * extension headers), with the offsets given by the caller.
 */
final class NaiveChecksums {
    private NaiveChecksums() {}

    /** RFC 1071 checksum, adding one word at a time with end-around carry. */
    static int internet(byte[] data) {
        int s = 0;
        for (int i = 0; i < data.length; i += 2) {
            int hi = data[i] & 0xff;
            int lo = i + 1 < data.length ? data[i + 1] & 0xff : 0;
            s += hi * 256 + lo;
            if (s > 0xffff) s -= 0xffff;
        }
        return 0xffff - s;
    }

    /** Bitwise reflected CRC-32C, polynomial 0x82F63B78. */
    static int crc32c(byte[] data) {
        int crc = 0xffffffff;
        for (byte b : data) {
            crc ^= b & 0xff;
            for (int k = 0; k < 8; k++) crc = (crc >>> 1) ^ ((crc & 1) != 0 ? 0x82F63B78 : 0);
        }
        return ~crc;
    }

    static boolean ipv4HeaderOk(byte[] f, int l3) {
        return internet(Arrays.copyOfRange(f, l3, l3 + 20)) == 0;
    }

    /** Verifies the L4 checksum of {@code proto} over {@code f[l4, end)} with addresses read at {@code l3}. */
    static boolean l4Ok(byte[] f, int l3, boolean v6, int proto, int l4, int end) {
        byte[] seg = Arrays.copyOfRange(f, l4, end);
        if (proto == 132) {
            int stored = (seg[8] & 0xff) | (seg[9] & 0xff) << 8 | (seg[10] & 0xff) << 16 | (seg[11] & 0xff) << 24;
            seg[8] = seg[9] = seg[10] = seg[11] = 0;
            return crc32c(seg) == stored;
        }
        if (proto == 1) return internet(seg) == 0;
        ByteArrayOutputStream pseudo = new ByteArrayOutputStream();
        int addrLen = v6 ? 16 : 4;
        pseudo.write(f, l3 + (v6 ? 8 : 12), addrLen * 2);
        if (v6)
            pseudo.writeBytes(new byte[] {0, 0, (byte) (seg.length >> 8), (byte) seg.length, 0, 0, 0, (byte) proto});
        else pseudo.writeBytes(new byte[] {0, (byte) proto, (byte) (seg.length >> 8), (byte) seg.length});
        pseudo.writeBytes(seg);
        return internet(pseudo.toByteArray()) == 0;
    }
}
