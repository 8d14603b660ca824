package dev.routec.compiler.packet;

import dev.routec.compiler.net.IpAddr;
import java.util.zip.CRC32C;

/**
 * Checksums of the headers routec builds and rewrites.
 *
 * <ul>
 *   <li>The internet checksum (RFC 1071): the ones'-complement of the ones'-complement sum of the
 *       big-endian 16-bit words, an odd trailing byte padded with zero. {@link #sum} accumulates without
 *       folding so that pseudo-header and data sums can be added; {@link #fold} folds the carries.
 *   <li>Incremental update (RFC 1624 equation 3, {@code HC' = ~(~HC + ~m + m')}), the arithmetic of the
 *       kernel's {@code csum_replace2/4} behind {@code bpf_l3_csum_replace} and {@code bpf_l4_csum_replace}.
 *       For full recomputation and incremental update to agree the covered data must not be all zero.
 *   <li>SCTP's CRC32c (RFC 4960 appendix B), stored least significant byte first as Linux does.
 * </ul>
 */
public final class Checksums {
    private Checksums() {}

    /** Adds the 16-bit words of {@code data[off, off+len)} to {@code initial}; not folded. */
    public static long sum(byte[] data, int off, int len, long initial) {
        long s = initial;
        int end = off + len;
        int i = off;
        for (; i + 1 < end; i += 2) s += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        if (i < end) s += (data[i] & 0xff) << 8;
        return s;
    }

    /** Folds a sum to 16 bits with end-around carry (not complemented). */
    public static int fold(long sum) {
        long s = sum;
        while ((s >>> 16) != 0) s = (s & 0xffff) + (s >>> 16);
        return (int) s;
    }

    /** The RFC 1071 internet checksum of {@code data[off, off+len)}, as stored in a header. */
    public static int internet(byte[] data, int off, int len) {
        return ~fold(sum(data, off, len, 0)) & 0xffff;
    }

    /** Sum of the TCP/UDP/ICMPv6 pseudo header (RFC 793 for IPv4, RFC 8200 §8.1 for IPv6); not folded. */
    public static long pseudoHeaderSum(IpAddr src, IpAddr dst, int proto, int l4Length) {
        if (src.isV4() != dst.isV4()) throw new IllegalArgumentException("pseudo header of mixed families");
        byte[] s = src.bytes();
        byte[] d = dst.bytes();
        long acc = sum(s, 0, s.length, 0);
        acc = sum(d, 0, d.length, acc);
        return acc + proto + (l4Length & 0xffffL) + (l4Length >>> 16);
    }

    /** Checksum of an L4 segment with a pseudo header; the segment's own checksum field must read zero. */
    public static int l4(IpAddr src, IpAddr dst, int proto, byte[] data, int off, int len) {
        return ~fold(sum(data, off, len, pseudoHeaderSum(src, dst, proto, len))) & 0xffff;
    }

    /** RFC 1624 eq. 3 for a 16-bit word of the covered data changing from {@code from} to {@code to}. */
    public static int replace16(int check, int from, int to) {
        long s = (~check & 0xffff) + (~from & 0xffff) + (to & 0xffff);
        return ~fold(s) & 0xffff;
    }

    /** RFC 1624 eq. 3 for a 32-bit value (an IPv4 address, in a header or a pseudo header). */
    public static int replace32(int check, int from, int to) {
        long s = (~check & 0xffff) + (~from >>> 16) + (~from & 0xffff) + (to >>> 16) + (to & 0xffff);
        return ~fold(s) & 0xffff;
    }

    /** RFC 1624 eq. 3 for equally long byte strings of even length (e.g. IPv6 addresses). */
    public static int replace(int check, byte[] from, byte[] to) {
        if (from.length != to.length || from.length % 2 != 0)
            throw new IllegalArgumentException("replace needs equal even lengths");
        long s = ~check & 0xffff;
        for (int i = 0; i < from.length; i += 2) {
            s += ~Wire.u16(from, i) & 0xffff;
            s += Wire.u16(to, i);
        }
        return ~fold(s) & 0xffff;
    }

    /**
     * {@link #replace} for a UDP checksum, as {@code BPF_F_MARK_MANGLED_0} does: a zero checksum (IPv4 UDP
     * without checksum) stays zero, and a result of zero is stored as 0xffff.
     */
    public static int replaceUdp(int check, byte[] from, byte[] to) {
        if (check == 0) return 0;
        int r = replace(check, from, to);
        return r == 0 ? 0xffff : r;
    }

    /** CRC32c (Castagnoli) of {@code data[off, off+len)}. */
    public static int crc32c(byte[] data, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(data, off, len);
        return (int) c.getValue();
    }

    /**
     * Whether the IPv4 header at {@code l3off} is complete (20 bytes, version 4, IHL ≥ 5, IHL*4 bytes present)
     * and its header checksum verifies.
     */
    public static boolean ipv4HeaderValid(byte[] frame, int l3off) {
        if (l3off < 0 || l3off + Wire.IPV4_HEADER > frame.length) return false;
        int vihl = Wire.u8(frame, l3off);
        int hl = (vihl & 0x0f) * 4;
        if (vihl >>> 4 != 4 || hl < Wire.IPV4_HEADER || l3off + hl > frame.length) return false;
        return fold(sum(frame, l3off, hl, 0)) == 0xffff;
    }

    /**
     * Whether the L4 checksum of the IP datagram at {@code l3off} verifies: TCP, UDP and ICMPv6 with their
     * pseudo header, ICMP (IPv4) without one, SCTP by CRC32c. A UDP checksum of zero over IPv4 means "no
     * checksum" and is valid; over IPv6 it is invalid. False when nothing can be verified: another protocol,
     * a fragment (its checksum covers the whole datagram), or a datagram not fully present in the bytes. The
     * L4 length is taken from the IP header (total length / payload length).
     */
    public static boolean l4ChecksumValid(byte[] frame, int l3off) {
        if (l3off < 0 || l3off >= frame.length) return false;
        return switch (Wire.u8(frame, l3off) >>> 4) {
            case 4 -> l4ValidV4(frame, l3off);
            case 6 -> l4ValidV6(frame, l3off);
            default -> false;
        };
    }

    private static boolean l4ValidV4(byte[] b, int l3off) {
        if (!ipv4HeaderValid(b, l3off)) return false;
        int hl = (Wire.u8(b, l3off) & 0x0f) * 4;
        int total = Wire.u16(b, l3off + 2);
        if ((Wire.u16(b, l3off + 6) & 0x3fff) != 0 || total < hl || l3off + total > b.length) return false;
        IpAddr src = IpAddr.of(java.util.Arrays.copyOfRange(b, l3off + 12, l3off + 16));
        IpAddr dst = IpAddr.of(java.util.Arrays.copyOfRange(b, l3off + 16, l3off + 20));
        return segmentValid(b, Wire.u8(b, l3off + 9), false, src, dst, l3off + hl, total - hl);
    }

    private static boolean l4ValidV6(byte[] b, int l3off) {
        if (l3off + Wire.IPV6_HEADER > b.length) return false;
        Ipv6Chain chain = Ipv6Chain.walk(b, l3off);
        int end = l3off + Wire.IPV6_HEADER + Wire.u16(b, l3off + 4);
        if (!chain.protoKnown() || chain.fragmentHeader() && (chain.fragmentOffset() > 0 || chain.moreFragments()))
            return false;
        if (end > b.length || chain.dataOffset() > end) return false;
        IpAddr src = IpAddr.of(java.util.Arrays.copyOfRange(b, l3off + 8, l3off + 24));
        IpAddr dst = IpAddr.of(java.util.Arrays.copyOfRange(b, l3off + 24, l3off + 40));
        return segmentValid(b, chain.proto(), true, src, dst, chain.dataOffset(), end - chain.dataOffset());
    }

    private static boolean segmentValid(byte[] b, int proto, boolean v6, IpAddr src, IpAddr dst, int off, int len) {
        int header = Wire.l4HeaderLength(proto, v6);
        if (header == 0 || len < header) return false;
        return switch (proto) {
            case Wire.PROTO_UDP -> (!v6 && Wire.u16(b, off + 6) == 0) || pseudoValid(b, src, dst, proto, off, len);
            case Wire.PROTO_ICMP -> fold(sum(b, off, len, 0)) == 0xffff;
            case Wire.PROTO_SCTP -> sctpValid(b, off, len);
            default -> pseudoValid(b, src, dst, proto, off, len);
        };
    }

    private static boolean pseudoValid(byte[] b, IpAddr src, IpAddr dst, int proto, int off, int len) {
        return fold(sum(b, off, len, pseudoHeaderSum(src, dst, proto, len))) == 0xffff;
    }

    private static boolean sctpValid(byte[] b, int off, int len) {
        byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
        int stored = Integer.reverseBytes(Wire.i32(copy, 8));
        Wire.put32(copy, 8, 0);
        return crc32c(copy, 0, len) == stored;
    }

    /** The SCTP checksum field's four bytes for a packet whose checksum field is zero: CRC32c, LSB first. */
    static void putSctpChecksum(byte[] b, int off, int len) {
        Wire.put32(b, off + 8, Integer.reverseBytes(crc32c(b, off, len)));
    }
}
