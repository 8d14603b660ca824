package dev.routec.compiler.check;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The packet fields and predicates of LANGUAGE.md §4, plus `verdict` and `rule` in checks. */
public enum Field {
    SRC("src", Type.IP, Family.ANY),
    DST("dst", Type.IP, Family.ANY),
    IP_SRC("ip.src", Type.IPV4, Family.V4),
    IP_DST("ip.dst", Type.IPV4, Family.V4),
    IP_TTL("ip.ttl", Type.U8, Family.V4),
    IP_PROTO("ip.proto", Type.U8, Family.V4),
    IP_DSCP("ip.dscp", Type.DSCP, Family.V4),
    IP_LEN("ip.len", Type.U16, Family.V4),
    IP_FRAG("ip.frag", Type.BOOL, Family.V4),
    IP6_SRC("ip6.src", Type.IPV6, Family.V6),
    IP6_DST("ip6.dst", Type.IPV6, Family.V6),
    IP6_HOPLIMIT("ip6.hoplimit", Type.U8, Family.V6),
    IP6_NEXTHDR("ip6.nexthdr", Type.U8, Family.V6),
    IP6_FLOWLABEL("ip6.flowlabel", Type.U20, Family.V6),
    PROTO("proto", Type.U8, Family.ANY),
    SPORT("sport", Type.PORT, Family.ANY),
    DPORT("dport", Type.PORT, Family.ANY),
    TCP_SYN("tcp.syn", Type.BOOL, Family.ANY),
    TCP_ACK("tcp.ack", Type.BOOL, Family.ANY),
    TCP_FIN("tcp.fin", Type.BOOL, Family.ANY),
    TCP_RST("tcp.rst", Type.BOOL, Family.ANY),
    TCP_PSH("tcp.psh", Type.BOOL, Family.ANY),
    TCP_URG("tcp.urg", Type.BOOL, Family.ANY),
    ICMP_TYPE("icmp.type", Type.U8, Family.ANY),
    ICMP_CODE("icmp.code", Type.U8, Family.ANY),
    ETH_SRC("eth.src", Type.MAC, Family.NONE),
    ETH_DST("eth.dst", Type.MAC, Family.NONE),
    ETH_TYPE("eth.type", Type.U16, Family.NONE),
    VLAN_ID("vlan.id", Type.U16, Family.NONE),
    IIF("iif", Type.IFACE, Family.NONE),
    MARK("mark", Type.U32, Family.NONE),
    LEN("len", Type.U32, Family.NONE),
    TCP("tcp", Type.BOOL, Family.NONE),
    UDP("udp", Type.BOOL, Family.NONE),
    ICMP("icmp", Type.BOOL, Family.NONE),
    ICMP6("icmp6", Type.BOOL, Family.NONE),
    SCTP("sctp", Type.BOOL, Family.NONE),
    IPV4("ipv4", Type.BOOL, Family.NONE),
    IPV6("ipv6", Type.BOOL, Family.NONE),
    ARP("arp", Type.BOOL, Family.NONE),
    VERDICT("verdict", Type.VERDICT, Family.NONE),
    RULE("rule", Type.RULE, Family.NONE);

    /** Which family a field requires to be present: V4/V6 only, any IP, or none (always/L2). */
    public enum Family {
        V4,
        V6,
        ANY,
        NONE
    }

    public final String text;
    public final Type type;
    public final Family family;

    Field(String text, Type type, Family family) {
        this.text = text;
        this.type = type;
        this.family = family;
    }

    public static Optional<Field> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.text.equals(name)).findFirst();
    }

    /** Predicates are always present (true or false); other fields may be absent. */
    public boolean isPredicate() {
        return switch (this) {
            case TCP, UDP, ICMP, ICMP6, SCTP, IPV4, IPV6, ARP -> true;
            default -> false;
        };
    }

    /** Only meaningful in test expectations and property checks. */
    public boolean checkOnly() {
        return this == VERDICT || this == RULE;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(f -> f.text).toList();
    }

    @Override
    public String toString() {
        return text;
    }
}
