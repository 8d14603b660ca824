package dev.routec.compiler.packet;

import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.MacAddr;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * A packet in the notation of LANGUAGE.md §7, as values (no source positions). Every field holds
 * its effective value: defaults are filled in, so two specs describing the same packet are equal.
 *
 * @param ethSrc Ethernet source (default 02:00:00:00:00:01)
 * @param ethDst Ethernet destination (default 02:00:00:00:00:02)
 * @param l3 the network/transport part
 * @param iif input interface name (default "test0"); metadata, not in the bytes
 * @param vlan 802.1Q VLAN id when tagged
 * @param ttl IPv4 TTL or IPv6 hop limit (default 64)
 * @param dscp DSCP / traffic class upper six bits (default 0)
 * @param len frame length in bytes when it differs from the natural length: shorter truncates
 *     the frame, longer pads it with zero bytes after the datagram
 * @param mark skb mark on input (default 0); metadata
 * @param frag fragment position
 * @param payload number of payload bytes (zeros) after the L4 header
 */
public record PacketSpec(
        MacAddr ethSrc,
        MacAddr ethDst,
        L3 l3,
        String iif,
        OptionalInt vlan,
        int ttl,
        int dscp,
        OptionalInt len,
        long mark,
        Frag frag,
        int payload) {

    public static final String DEFAULT_IIF = "test0";
    public static final int DEFAULT_TTL = 64;

    /** A spec with every option at its default. */
    public static PacketSpec of(L3 l3) {
        return new PacketSpec(
                MacAddr.DEFAULT_SRC,
                MacAddr.DEFAULT_DST,
                l3,
                DEFAULT_IIF,
                OptionalInt.empty(),
                DEFAULT_TTL,
                0,
                OptionalInt.empty(),
                0,
                Frag.NONE,
                0);
    }

    /** The same packet with another L3 part (all options kept). */
    public PacketSpec withL3(L3 other) {
        return new PacketSpec(ethSrc, ethDst, other, iif, vlan, ttl, dscp, len, mark, frag, payload);
    }

    public enum Frag {
        NONE,
        FIRST,
        LATER
    }

    public enum PortProto {
        TCP(6),
        UDP(17),
        SCTP(132);

        public final int number;

        PortProto(int number) {
            this.number = number;
        }
    }

    public enum TcpFlag {
        FIN(0x01),
        SYN(0x02),
        RST(0x04),
        PSH(0x08),
        ACK(0x10),
        URG(0x20),
        ECE(0x40),
        CWR(0x80);

        public final int bit;

        TcpFlag(int bit) {
            this.bit = bit;
        }

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<TcpFlag> byWord(String w) {
            for (TcpFlag f : values()) if (f.word().equals(w)) return Optional.of(f);
            return Optional.empty();
        }
    }

    /** The L3 (and L4) part of the notation. Addresses of one packet are of one family. */
    public sealed interface L3 {}

    /** {@code tcp|udp|sctp SRC:PORT -> DST:PORT [flags ...]} (flags only for TCP). */
    public record PortL3(PortProto proto, IpAddr src, int sport, IpAddr dst, int dport, Set<TcpFlag> flags)
            implements L3 {
        public PortL3 {
            flags = Set.copyOf(new TreeSet<>(flags));
        }
    }

    /** {@code icmp|icmp6 SRC -> DST [type N code N]}; defaults echo request (8/0, or 128/0 for v6). */
    public record IcmpL3(boolean v6, IpAddr src, IpAddr dst, int type, int code) implements L3 {}

    /** {@code ip proto N SRC -> DST}: an IP packet whose L4 is opaque payload. */
    public record IpL3(int proto, IpAddr src, IpAddr dst) implements L3 {}

    /** {@code arp}: an ARP request (fixed addresses). */
    public record ArpL3() implements L3 {}

    /** {@code eth type N}: an Ethernet frame of another EtherType, payload only. */
    public record EthTypeL3(int ethType) implements L3 {}
}
