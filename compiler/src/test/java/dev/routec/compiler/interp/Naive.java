package dev.routec.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A deliberately naive, independent frame walker and checksum recomputation for tests: it shares
 * no code with the packet package or the interpreter. Checksums are recomputed from scratch (field
 * zeroed, RFC 1071 sum over the whole header / pseudo header + segment) and compared with what is
 * stored; ones'-complement zero may be stored as 0x0000 or 0xffff.
 */
final class Naive {
    private Naive() {}

    static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    static int u16(byte[] b, int i) {
        return (u8(b, i) << 8) | u8(b, i + 1);
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >> 8);
        b[i + 1] = (byte) v;
    }

    /** RFC 1071: ~(ones'-complement sum), over several byte ranges as one stream of 16-bit words. */
    static int checksum(byte[]... parts) {
        byte[] all = new byte[0];
        for (byte[] p : parts) {
            byte[] n = Arrays.copyOf(all, all.length + p.length + (p.length % 2));
            System.arraycopy(p, 0, n, all.length, p.length);
            all = n;
        }
        long sum = 0;
        for (int i = 0; i < all.length; i += 2) sum += u16(all, i);
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (int) (~sum & 0xffff);
    }

    static int l3Offset(byte[] f) {
        int off = 12;
        while (u16(f, off) == 0x8100 || u16(f, off) == 0x88a8) off += 4;
        return off + 2;
    }

    /** Fills in a correct IPv4 header checksum (for frames a test crafted by hand). */
    static void fixIpv4(byte[] f) {
        int l3 = l3Offset(f);
        int ihl = (u8(f, l3) & 0xf) * 4;
        put16(f, l3 + 10, 0);
        put16(f, l3 + 10, checksum(Arrays.copyOfRange(f, l3, l3 + ihl)));
    }

    /** Asserts that every checksum of an unfragmented or first-fragment frame is right. */
    static void assertChecksumsValid(byte[] f) {
        int l3 = l3Offset(f);
        int version = u8(f, l3) >> 4;
        int proto, l4, end;
        byte[] pseudoSrcDst;
        if (version == 4) {
            int ihl = (u8(f, l3) & 0xf) * 4;
            byte[] h = Arrays.copyOfRange(f, l3, l3 + ihl);
            int stored = u16(h, 10);
            put16(h, 10, 0);
            assertSame16("IPv4 header checksum", checksum(h), stored);
            proto = u8(f, l3 + 9);
            l4 = l3 + ihl;
            end = l3 + u16(f, l3 + 2);
            if ((u16(f, l3 + 6) & 0x1fff) != 0) return; // non-first fragment: no L4 header
            pseudoSrcDst = Arrays.copyOfRange(f, l3 + 12, l3 + 20);
        } else if (version == 6) {
            int next = u8(f, l3 + 6);
            int pos = l3 + 40;
            while (next == 0 || next == 43 || next == 60 || next == 44) {
                if (next == 44 && (u16(f, pos + 2) >> 3) != 0) return;
                int size = next == 44 ? 8 : (u8(f, pos + 1) + 1) * 8;
                next = u8(f, pos);
                pos += size;
            }
            proto = next;
            l4 = pos;
            end = l3 + 40 + u16(f, l3 + 4);
            pseudoSrcDst = Arrays.copyOfRange(f, l3 + 8, l3 + 40);
        } else {
            fail("not IP");
            return;
        }
        end = Math.min(end, f.length);
        byte[] seg = Arrays.copyOfRange(f, l4, end);
        byte[] pseudoTail = new byte[version == 4 ? 4 : 8];
        int segLen = seg.length;
        if (version == 4) {
            pseudoTail[1] = (byte) proto;
            put16(pseudoTail, 2, segLen);
        } else {
            put16(pseudoTail, 2, segLen);
            pseudoTail[7] = (byte) proto;
        }
        switch (proto) {
            case 6 -> {
                int stored = u16(seg, 16);
                put16(seg, 16, 0);
                assertSame16("TCP checksum", checksum(pseudoSrcDst, pseudoTail, seg), stored);
            }
            case 17 -> {
                int stored = u16(seg, 6);
                if (stored == 0 && version == 4) return; // no checksum
                put16(seg, 6, 0);
                assertSame16("UDP checksum", checksum(pseudoSrcDst, pseudoTail, seg), stored);
            }
            case 1 -> {
                int stored = u16(seg, 2);
                put16(seg, 2, 0);
                assertSame16("ICMP checksum", checksum(seg), stored);
            }
            case 58 -> {
                int stored = u16(seg, 2);
                put16(seg, 2, 0);
                assertSame16("ICMPv6 checksum", checksum(pseudoSrcDst, pseudoTail, seg), stored);
            }
            case 132 -> {
                long stored = u8(seg, 8) | (u8(seg, 9) << 8) | (u8(seg, 10) << 16) | ((long) u8(seg, 11) << 24);
                Arrays.fill(seg, 8, 12, (byte) 0);
                CRC32C c = new CRC32C();
                c.update(seg);
                assertEquals(c.getValue(), stored, "SCTP CRC32c");
            }
            default -> {}
        }
    }

    private static void assertSame16(String what, int computed, int stored) {
        if (computed == stored) return;
        if ((computed == 0 || computed == 0xffff) && (stored == 0 || stored == 0xffff)) return;
        fail(what + ": stored 0x" + Integer.toHexString(stored) + ", recomputed 0x" + Integer.toHexString(computed));
    }
}
