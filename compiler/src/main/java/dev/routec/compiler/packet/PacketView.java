package dev.routec.compiler.packet;

import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.Ipv4Addr;
import dev.routec.compiler.net.Ipv6Addr;
import dev.routec.compiler.net.MacAddr;
import dev.routec.compiler.packet.PacketSpec.TcpFlag;
import java.util.NoSuchElementException;

/**
 * The parsed view of a frame: which fields of LANGUAGE.md §4 are present and their values. The reference
 * interpreter reads packets through this class and the eBPF C parser mirrors it, so these are THE rules
 * (n is the frame length; "present" always means within the n bytes, never trusting a length field):
 *
 * <ol>
 *   <li><b>Always</b>: {@code len} = n, {@code iif}, {@code mark}.
 *   <li><b>Ethernet</b> needs 14 bytes; below that nothing else is present and every predicate is false.
 *       {@code eth.dst} = bytes 0..5, {@code eth.src} = 6..11.
 *   <li><b>VLAN</b>: while the EtherType is 0x8100 or 0x88a8, at most twice, and the 4-byte tag is fully
 *       present: skip the tag, the EtherType becomes the tag's inner one. {@code vlan.id} = the VID (12 bits)
 *       of the first (outer) tag, present iff at least one tag was skipped. {@code eth.type} is the EtherType
 *       after the skipped tags (a TPID when a third tag follows or a tag is cut short). The L3 offset is 14 +
 *       4 per skipped tag.
 *   <li><b>ARP</b>: {@code arp} ⇔ eth.type == 0x0806 (nothing else is parsed).
 *   <li><b>IPv4</b>: eth.type == 0x0800, 20 bytes present, version 4, IHL ≥ 5 and IHL*4 bytes present; else
 *       no IPv4 field is present and {@code ipv4} is false. Then {@code src dst ip.* proto} are present;
 *       {@code ip.len} is the total-length field as is; {@code ip.dscp} = TOS&gt;&gt;2; {@code ip.frag} = MF or
 *       offset &gt; 0. L4 starts after IHL*4 bytes (options skipped) and is reachable iff offset == 0.
 *   <li><b>IPv6</b>: eth.type == 0x86dd, 40 bytes present, version 6; then {@code src dst ip6.*} are present
 *       ({@code ip6.nexthdr} is the fixed header's field). Extension headers hop-by-hop (0), routing (43),
 *       fragment (44) and destination options (60) are skipped, at most 4, each fully present (8 bytes for a
 *       fragment header, (hdrlen+1)*8 for the others). {@code proto} = the first next-header value that is
 *       not one of those four. A fragment header with offset &gt; 0 stops the walk: {@code proto} = its
 *       next-header value and L4 is not reachable. If a fifth extension header follows, or one is cut short,
 *       {@code proto} is absent and so is all of L4. Otherwise L4 is reachable at the end of the chain.
 *   <li><b>Predicates</b>: {@code ipv4}, {@code ipv6} as above; {@code tcp} ⇔ proto == 6, {@code udp} ⇔ 17,
 *       {@code sctp} ⇔ 132 (proto present; also true for a non-first fragment and whether or not the L4 header
 *       is present); {@code icmp} ⇔ IPv4 and proto == 1; {@code icmp6} ⇔ IPv6 and proto == 58.
 *   <li><b>L4 fields</b> need L4 reachable and the whole header present: {@code sport dport} for TCP (20
 *       bytes), UDP (8) and SCTP (12); {@code tcp.*} flags for TCP (20 bytes); {@code icmp.type icmp.code}
 *       for ICMP over IPv4 or ICMPv6 over IPv6 (the 8-byte header).
 * </ol>
 *
 * Parsed once in the constructor into primitive fields; immutable; never throws on any byte array. Reading
 * an absent field throws {@link NoSuchElementException}: check its {@code has*} method (or predicate) first.
 */
public final class PacketView {
    private final int len;
    private final String iif;
    private final long mark;

    private boolean eth;
    private long ethSrc;
    private long ethDst;
    private int ethType;
    private int l3Offset;
    private int vlanTags;
    private int vlanId;

    private int family; // 0 none, 4, 6
    private int srcV4;
    private int dstV4;
    private long srcHi;
    private long srcLo;
    private long dstHi;
    private long dstLo;
    private int ttl;
    private int trafficClass;
    private int ipLen;
    private int ipHeaderLength;
    private int flowLabel;
    private int nextHeader;
    private boolean fragment;
    private boolean nonFirstFragment;

    private boolean hasProto;
    private int proto;
    private int ipPayloadOffset;
    private boolean l4;
    private boolean ports;
    private int sport;
    private int dport;
    private boolean hasTcpFlags;
    private int tcpFlags;
    private boolean hasIcmp;
    private int icmpType;
    private int icmpCode;

    private PacketView(byte[] b, String iif, long mark) {
        this.len = b.length;
        this.iif = iif;
        this.mark = mark;
        if (b.length < Wire.ETH_HEADER) return;
        parseEthernet(b);
        if (ethType == Wire.ETH_IPV4) parseIpv4(b);
        else if (ethType == Wire.ETH_IPV6) parseIpv6(b);
        if (l4) parseL4(b);
    }

    public static PacketView of(Frame f) {
        return new PacketView(f.raw(), f.iif(), f.mark());
    }

    /** Parses {@code frame}; the array is not kept. */
    public static PacketView parse(byte[] frame, String iif, long mark) {
        return new PacketView(frame, iif, mark);
    }

    private void parseEthernet(byte[] b) {
        eth = true;
        ethDst = Wire.u48(b, 0);
        ethSrc = Wire.u48(b, 6);
        ethType = Wire.u16(b, 12);
        int off = Wire.ETH_HEADER;
        while (vlanTags < 2 && Wire.isVlanTpid(ethType) && off + Wire.VLAN_TAG <= b.length) {
            if (vlanTags == 0) vlanId = Wire.u16(b, off) & 0x0fff;
            ethType = Wire.u16(b, off + 2);
            off += Wire.VLAN_TAG;
            vlanTags++;
        }
        l3Offset = off;
    }

    private void parseIpv4(byte[] b) {
        int off = l3Offset;
        if (off + Wire.IPV4_HEADER > b.length) return;
        int vihl = Wire.u8(b, off);
        int hl = (vihl & 0x0f) * 4;
        if (vihl >>> 4 != 4 || hl < Wire.IPV4_HEADER || off + hl > b.length) return;
        family = 4;
        trafficClass = Wire.u8(b, off + 1);
        ipLen = Wire.u16(b, off + 2);
        int fragField = Wire.u16(b, off + 6);
        fragment = (fragField & 0x3fff) != 0;
        nonFirstFragment = (fragField & 0x1fff) != 0;
        ttl = Wire.u8(b, off + 8);
        nextHeader = Wire.u8(b, off + 9);
        srcV4 = Wire.i32(b, off + 12);
        dstV4 = Wire.i32(b, off + 16);
        ipHeaderLength = hl;
        hasProto = true;
        proto = nextHeader;
        ipPayloadOffset = off + hl;
        l4 = !nonFirstFragment;
    }

    private void parseIpv6(byte[] b) {
        int off = l3Offset;
        if (off + Wire.IPV6_HEADER > b.length || Wire.u8(b, off) >>> 4 != 6) return;
        family = 6;
        int word0 = Wire.i32(b, off);
        trafficClass = (word0 >>> 20) & 0xff;
        flowLabel = word0 & 0xfffff;
        ipLen = Wire.u16(b, off + 4);
        nextHeader = Wire.u8(b, off + 6);
        ttl = Wire.u8(b, off + 7);
        srcHi = Wire.i64(b, off + 8);
        srcLo = Wire.i64(b, off + 16);
        dstHi = Wire.i64(b, off + 24);
        dstLo = Wire.i64(b, off + 32);
        ipHeaderLength = Wire.IPV6_HEADER;
        Ipv6Chain chain = Ipv6Chain.walk(b, off);
        fragment = chain.fragmentHeader() && (chain.fragmentOffset() > 0 || chain.moreFragments());
        nonFirstFragment = chain.fragmentOffset() > 0;
        if (!chain.protoKnown()) return;
        hasProto = true;
        proto = chain.proto();
        ipPayloadOffset = chain.dataOffset();
        l4 = !nonFirstFragment;
    }

    private void parseL4(byte[] b) {
        int off = ipPayloadOffset;
        int header = Wire.l4HeaderLength(proto, family == 6);
        if (header == 0 || off + header > b.length) return;
        if (proto == Wire.PROTO_ICMP || proto == Wire.PROTO_ICMP6) {
            hasIcmp = true;
            icmpType = Wire.u8(b, off);
            icmpCode = Wire.u8(b, off + 1);
            return;
        }
        ports = true;
        sport = Wire.u16(b, off);
        dport = Wire.u16(b, off + 2);
        if (proto == Wire.PROTO_TCP) {
            hasTcpFlags = true;
            tcpFlags = Wire.u8(b, off + 13);
        }
    }

    // ---- always present

    /** {@code len}: the frame length in bytes. */
    public int len() {
        return len;
    }

    public String iif() {
        return iif;
    }

    public long mark() {
        return mark;
    }

    // ---- Ethernet and VLAN

    public boolean hasEth() {
        return eth;
    }

    public MacAddr ethSrc() {
        need(eth, "eth.src");
        return new MacAddr(ethSrc);
    }

    public MacAddr ethDst() {
        need(eth, "eth.dst");
        return new MacAddr(ethDst);
    }

    /** The EtherType after the skipped VLAN tags. */
    public int ethType() {
        need(eth, "eth.type");
        return ethType;
    }

    public boolean hasVlan() {
        return vlanTags > 0;
    }

    /** VID of the outer tag. */
    public int vlanId() {
        need(vlanTags > 0, "vlan.id");
        return vlanId;
    }

    /** Number of VLAN tags skipped (0..2). */
    public int vlanTags() {
        return vlanTags;
    }

    /** Offset of the L3 header: 14 + 4 per skipped tag. */
    public int l3Offset() {
        need(eth, "l3 offset");
        return l3Offset;
    }

    // ---- predicates

    public boolean ipv4() {
        return family == 4;
    }

    public boolean ipv6() {
        return family == 6;
    }

    public boolean arp() {
        return eth && ethType == Wire.ETH_ARP;
    }

    public boolean tcp() {
        return hasProto && proto == Wire.PROTO_TCP;
    }

    public boolean udp() {
        return hasProto && proto == Wire.PROTO_UDP;
    }

    public boolean sctp() {
        return hasProto && proto == Wire.PROTO_SCTP;
    }

    public boolean icmp() {
        return family == 4 && proto == Wire.PROTO_ICMP;
    }

    public boolean icmp6() {
        return family == 6 && hasProto && proto == Wire.PROTO_ICMP6;
    }

    // ---- IP (either family)

    /** {@code src}/{@code dst} are present: an IPv4 or IPv6 packet. */
    public boolean hasIp() {
        return family != 0;
    }

    public IpAddr src() {
        need(family != 0, "src");
        return family == 4 ? new Ipv4Addr(srcV4) : new Ipv6Addr(srcHi, srcLo);
    }

    public IpAddr dst() {
        need(family != 0, "dst");
        return family == 4 ? new Ipv4Addr(dstV4) : new Ipv6Addr(dstHi, dstLo);
    }

    /** IPv4 source as an unsigned 32-bit value in an int, without allocation. */
    public int srcV4() {
        need(family == 4, "ip.src");
        return srcV4;
    }

    public int dstV4() {
        need(family == 4, "ip.dst");
        return dstV4;
    }

    /** TTL (IPv4) or hop limit (IPv6). */
    public int ttlOrHopLimit() {
        need(family != 0, "ttl");
        return ttl;
    }

    /** IPv4 TOS or IPv6 traffic class byte; DSCP is its upper six bits. */
    public int trafficClass() {
        need(family != 0, "traffic class");
        return trafficClass;
    }

    /** IPv4 header length (IHL*4) or 40 for IPv6 (extension headers not included). */
    public int ipHeaderLength() {
        need(family != 0, "ip header length");
        return ipHeaderLength;
    }

    /** MF set or offset &gt; 0 (IPv4), or a fragment header with M set or offset &gt; 0 (IPv6). */
    public boolean fragment() {
        return fragment;
    }

    /** A fragment other than the first: offset &gt; 0. L4 is then unreachable. */
    public boolean nonFirstFragment() {
        return nonFirstFragment;
    }

    public boolean hasProto() {
        return hasProto;
    }

    /** {@code proto}: the L4 protocol (after IPv6 extension headers). */
    public int proto() {
        need(hasProto, "proto");
        return proto;
    }

    /** Offset of the bytes after the IP header and skipped extension headers (L4 header or fragment data). */
    public int ipPayloadOffset() {
        need(hasProto, "ip payload offset");
        return ipPayloadOffset;
    }

    /** L4 is reachable: protocol known and not a non-first fragment (its header may still be cut short). */
    public boolean hasL4() {
        return l4;
    }

    /** Offset of the L4 header (equal to {@link #ipPayloadOffset} when reachable). */
    public int l4Offset() {
        need(l4, "l4 offset");
        return ipPayloadOffset;
    }

    // ---- IPv4 fields (ip.*)

    public int ipTtl() {
        need(family == 4, "ip.ttl");
        return ttl;
    }

    public int ipProto() {
        need(family == 4, "ip.proto");
        return nextHeader;
    }

    public int ipDscp() {
        need(family == 4, "ip.dscp");
        return trafficClass >>> 2;
    }

    /** The total-length field. */
    public int ipLen() {
        need(family == 4, "ip.len");
        return ipLen;
    }

    public boolean ipFrag() {
        need(family == 4, "ip.frag");
        return fragment;
    }

    // ---- IPv6 fields (ip6.*)

    public int ip6HopLimit() {
        need(family == 6, "ip6.hoplimit");
        return ttl;
    }

    /** The fixed header's next-header field. */
    public int ip6NextHeader() {
        need(family == 6, "ip6.nexthdr");
        return nextHeader;
    }

    public int ip6FlowLabel() {
        need(family == 6, "ip6.flowlabel");
        return flowLabel;
    }

    /** The payload-length field. */
    public int ip6PayloadLength() {
        need(family == 6, "ip6 payload length");
        return ipLen;
    }

    // ---- L4 fields

    /** {@code sport}/{@code dport} are present. */
    public boolean hasPorts() {
        return ports;
    }

    public int sport() {
        need(ports, "sport");
        return sport;
    }

    public int dport() {
        need(ports, "dport");
        return dport;
    }

    public boolean hasTcpFlags() {
        return hasTcpFlags;
    }

    /** The TCP flags byte (fin 0x01 ... cwr 0x80). */
    public int tcpFlags() {
        need(hasTcpFlags, "tcp flags");
        return tcpFlags;
    }

    public boolean tcpFlag(TcpFlag f) {
        need(hasTcpFlags, "tcp." + f.word());
        return (tcpFlags & f.bit) != 0;
    }

    /** {@code icmp.type}/{@code icmp.code} are present (ICMP over IPv4 or ICMPv6 over IPv6). */
    public boolean hasIcmp() {
        return hasIcmp;
    }

    public int icmpType() {
        need(hasIcmp, "icmp.type");
        return icmpType;
    }

    public int icmpCode() {
        need(hasIcmp, "icmp.code");
        return icmpCode;
    }

    private static void need(boolean present, String field) {
        if (!present) throw new NoSuchElementException(field + " is absent");
    }
}
