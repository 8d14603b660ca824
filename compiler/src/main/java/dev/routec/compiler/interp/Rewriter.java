package dev.routec.compiler.interp;

import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.packet.Checksums;
import dev.routec.compiler.packet.PacketView;
import java.util.Arrays;

/**
 * Header rewrites with checksum fixes, on a copy of the frame. Each method takes the frame and its
 * view, and returns new bytes (equal to the input when the rewrite does not apply). Checksums are
 * updated incrementally (RFC 1624, {@link Checksums}), as {@code bpf_l3_csum_replace} / {@code
 * bpf_l4_csum_replace} do:
 *
 * <ul>
 *   <li>IPv4 header checksum: for an address, the TOS byte (DSCP) or the TTL.
 *   <li>Pseudo-header checksums on an address change: TCP (needs the whole 20-byte header), UDP
 *       (whole 8-byte header; a zero checksum over IPv4 means "none" and stays zero, a result of
 *       zero is stored as 0xffff, like {@code BPF_F_MARK_MANGLED_0}), ICMPv6 (8-byte header). ICMP
 *       over IPv4 and SCTP have no pseudo header: nothing to fix. The L4 checksum of a first
 *       fragment is updated too (it covers the whole datagram, and the incremental update stays
 *       right); non-first fragments carry no L4 header.
 *   <li>Port changes: only when the ports are present (§4: TCP/UDP/SCTP header fully present, not a
 *       non-first fragment). TCP and UDP: incremental as above. SCTP: its CRC32c covers no pseudo
 *       header but does cover the ports, and cannot be updated incrementally: it is recomputed over
 *       the datagram (from the SCTP header to the end given by the IP length) when the packet is not
 *       a fragment and the whole datagram is in the frame; otherwise it is left as it was.
 * </ul>
 *
 * IPv6 has no header checksum, and its traffic class and hop limit are in no pseudo header.
 */
final class Rewriter {
    private Rewriter() {}

    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP6 = 58;
    static final int SCTP = 132;

    /**
     * Sets the source ({@code src}) or destination address. No-op when the packet is not IP or is of
     * the other family than {@code to} (an IPv4 address cannot be written into an IPv6 header).
     */
    static byte[] address(byte[] frame, PacketView v, boolean src, IpAddr to) {
        byte[] b = frame.clone();
        if (!v.hasIp() || v.ipv4() != to.isV4()) return b;
        int l3 = v.l3Offset();
        int at = v.ipv4() ? l3 + (src ? 12 : 16) : l3 + (src ? 8 : 24);
        byte[] from = Arrays.copyOfRange(b, at, at + (v.ipv4() ? 4 : 16));
        byte[] next = to.bytes();
        System.arraycopy(next, 0, b, at, next.length);
        if (v.ipv4()) put16(b, l3 + 10, Checksums.replace(u16(b, l3 + 10), from, next));
        if (!v.hasL4()) return b;
        int l4 = v.l4Offset();
        if (v.proto() == TCP && v.hasPorts()) put16(b, l4 + 16, Checksums.replace(u16(b, l4 + 16), from, next));
        if (v.proto() == UDP && v.hasPorts()) put16(b, l4 + 6, Checksums.replaceUdp(u16(b, l4 + 6), from, next));
        if (v.ipv6() && v.proto() == ICMP6 && v.hasIcmp())
            put16(b, l4 + 2, Checksums.replace(u16(b, l4 + 2), from, next));
        return b;
    }

    /** Sets the source or destination port. No-op when the packet has no ports. */
    static byte[] port(byte[] frame, PacketView v, boolean src, int port) {
        byte[] b = frame.clone();
        if (!v.hasPorts()) return b;
        int l4 = v.l4Offset();
        int at = l4 + (src ? 0 : 2);
        byte[] from = {b[at], b[at + 1]};
        byte[] next = {(byte) (port >>> 8), (byte) port};
        put16(b, at, port & 0xffff);
        switch (v.proto()) {
            case TCP -> put16(b, l4 + 16, Checksums.replace(u16(b, l4 + 16), from, next));
            case UDP -> put16(b, l4 + 6, Checksums.replaceUdp(u16(b, l4 + 6), from, next));
            case SCTP -> sctpChecksum(b, v);
            default -> {}
        }
        return b;
    }

    /** {@code set dscp}: the upper six bits of the IPv4 TOS / IPv6 traffic class; ECN kept. */
    static byte[] dscp(byte[] frame, PacketView v, int dscp) {
        byte[] b = frame.clone();
        int l3 = v.hasIp() ? v.l3Offset() : 0;
        if (v.ipv4()) {
            int old = u16(b, l3);
            int next = (old & 0xff03) | ((dscp & 0x3f) << 2);
            put16(b, l3, next);
            put16(b, l3 + 10, Checksums.replace16(u16(b, l3 + 10), old, next));
        } else if (v.ipv6()) {
            int word = u16(b, l3); // version(4) | traffic class(8) | flow label high(4)
            int tc = ((word >>> 4) & 0xff & 0x03) | ((dscp & 0x3f) << 2);
            put16(b, l3, (word & 0xf00f) | (tc << 4));
        }
        return b;
    }

    /** {@code set ttl}: IPv4 TTL (with checksum fix) or IPv6 hop limit. */
    static byte[] ttl(byte[] frame, PacketView v, int ttl) {
        byte[] b = frame.clone();
        int l3 = v.hasIp() ? v.l3Offset() : 0;
        if (v.ipv4()) {
            int old = u16(b, l3 + 8);
            int next = ((ttl & 0xff) << 8) | (old & 0xff);
            put16(b, l3 + 8, next);
            put16(b, l3 + 10, Checksums.replace16(u16(b, l3 + 10), old, next));
        } else if (v.ipv6()) {
            b[l3 + 7] = (byte) ttl;
        }
        return b;
    }

    /** Recomputes the SCTP CRC32c (stored least significant byte first) when the datagram is whole. */
    private static void sctpChecksum(byte[] b, PacketView v) {
        if (v.fragment()) return;
        int l3 = v.l3Offset();
        int end = v.ipv4() ? l3 + v.ipLen() : l3 + 40 + v.ip6PayloadLength();
        int l4 = v.l4Offset();
        if (end > b.length || end - l4 < 12) return;
        Arrays.fill(b, l4 + 8, l4 + 12, (byte) 0);
        int crc = Checksums.crc32c(b, l4, end - l4);
        for (int i = 0; i < 4; i++) b[l4 + 8 + i] = (byte) (crc >>> (8 * i));
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }
}
