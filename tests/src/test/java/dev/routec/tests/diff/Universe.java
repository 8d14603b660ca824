package dev.routec.tests.diff;

import java.util.List;

/**
 * The values generated policies draw from: small universes shared with the packet generator's bias,
 * so rules match often; and helpers over contents written as text.
 */
final class Universe {
    private Universe() {}

    static final String[] V4 = {
        "10.0.0.1",
        "10.0.0.2",
        "10.0.0.100",
        "10.1.2.3",
        "192.0.2.1",
        "192.0.2.2",
        "192.0.2.255",
        "198.51.100.7",
        "203.0.113.9",
        "0.0.0.0",
        "255.255.255.255",
        "10.0.1.11",
        "10.0.1.12"
    };
    static final String[] V4_NETS = {
        "10.0.0.0/8",
        "10.0.0.0/24",
        "10.1.0.0/16",
        "192.0.2.0/24",
        "192.0.2.0/28",
        "198.51.100.0/25",
        "203.0.113.0/24",
        "0.0.0.0/0",
        "10.0.0.1/32",
        "192.0.2.128/25"
    };
    static final String[] V6 = {
        "2001:db8::1",
        "2001:db8::2",
        "2001:db8::100",
        "2001:db8:1::5",
        "::1",
        "::",
        "fe80::1",
        "::ffff:192.0.2.1",
        "2001:db8:bad::5"
    };
    static final String[] V6_NETS = {
        "2001:db8::/32", "2001:db8::/64", "2001:db8:1::/48", "::/0", "2001:db8::1/128", "fe80::/10", "2001:db8:bad::/48"
    };
    static final String[] MACS = {"02:00:00:00:00:01", "02:00:00:00:00:02", "ff:ff:ff:ff:ff:ff", "02:00:00:00:00:09"};
    static final String[] IFACES = {"test0", "eth0", "lan0", "out0", "mon0"};
    static final String[] TAGS = {"t", "dns", "x-1", "a.b:c"};

    /** An integer field: name, maximum, values worth comparing with, whether it is a TC-only field. */
    record IntField(String name, long max, long[] typical, boolean tcOnly) {}

    static final List<IntField> INT_FIELDS = List.of(
            new IntField("ip.ttl", 255, new long[] {0, 1, 64, 255}, false),
            new IntField("ip.proto", 255, new long[] {1, 6, 17, 47, 132}, false),
            new IntField("ip.dscp", 63, new long[] {0, 10, 46, 63}, false),
            new IntField("ip.len", 65535, new long[] {20, 28, 40, 100, 1500}, false),
            new IntField("ip6.hoplimit", 255, new long[] {0, 1, 64, 255}, false),
            new IntField("ip6.nexthdr", 255, new long[] {0, 6, 17, 44, 58, 60}, false),
            new IntField("ip6.flowlabel", 0xfffff, new long[] {0, 1, 0x12345, 0xfffff}, false),
            new IntField("proto", 255, new long[] {1, 6, 17, 58, 132, 47}, false),
            new IntField("sport", 65535, new long[] {0, 53, 80, 443, 1024, 8080, 65535}, false),
            new IntField("dport", 65535, new long[] {0, 22, 53, 80, 443, 8080, 65535}, false),
            new IntField("icmp.type", 255, new long[] {0, 3, 8, 11, 128, 129, 135}, false),
            new IntField("icmp.code", 255, new long[] {0, 1, 3, 4}, false),
            new IntField("eth.type", 65535, new long[] {0x0800, 0x86dd, 0x0806, 0x8100, 0x88cc}, false),
            new IntField("vlan.id", 65535, new long[] {0, 1, 66, 100, 4095}, false),
            new IntField("len", 0xffffffffL, new long[] {14, 42, 60, 64, 100, 1500}, false),
            new IntField("mark", 0xffffffffL, new long[] {0, 1, 7, 0xff, 0xffffffffL}, true));

    static final String[] PREDICATES = {
        "tcp", "udp", "icmp", "icmp6", "sctp", "ipv4", "ipv6", "arp", "tcp.syn", "tcp.ack", "tcp.fin", "tcp.rst",
        "tcp.psh", "tcp.urg", "ip.frag"
    };

    static final String[] SET_TYPES = {"ipv4", "ipv6", "prefix4", "prefix6", "port", "u32", "mac"};
    static final String[] VALUE_TYPES = {"u8", "u16", "u32", "u64", "ipv4", "ipv6", "port", "mark"};

    static final String[] OPS = {"==", "!=", "<", "<=", ">", ">="};

    /** Equal elements or keys: {@code 10.0.0.1} is {@code 10.0.0.1/32} in a prefix set. */
    static boolean same(String a, String b) {
        return key(a).equals(key(b));
    }

    static String key(String e) {
        String k = e.contains(": ") ? e.substring(0, e.indexOf(": ")) : e;
        return k.endsWith("/32") || k.endsWith("/128") ? k.substring(0, k.lastIndexOf('/')) : k;
    }

    /** u32 ranges expand into values; two that share a value would be a duplicate key. */
    static boolean overlapsExpansion(List<String> have, String e) {
        if (!e.contains("..")) return have.stream().anyMatch(h -> h.contains("..") && inRange(h, e));
        return have.stream().anyMatch(h -> h.contains("..") ? rangesOverlap(h, e) : inRange(e, h));
    }

    static boolean inRange(String range, String v) {
        if (v.contains(":") || v.contains(".") && !v.contains("..")) return false;
        String[] p = range.split("\\.\\.");
        long x = Long.decode(v);
        return Long.decode(p[0]) <= x && x <= Long.decode(p[1]);
    }

    static boolean rangesOverlap(String a, String b) {
        String[] p = a.split("\\.\\."), q = b.split("\\.\\.");
        return Long.decode(p[0]) <= Long.decode(q[1]) && Long.decode(q[0]) <= Long.decode(p[1]);
    }

    /** How many elements contents hold once ranges are expanded. */
    static int expanded(List<String> elems) {
        int n = 0;
        for (String e : elems) {
            String k = e.contains(": ") ? e.substring(0, e.indexOf(": ")) : e;
            if (k.contains("..")) {
                String[] p = k.split("\\.\\.");
                n += (int) (Long.decode(p[1]) - Long.decode(p[0]) + 1);
            } else n++;
        }
        return n;
    }

    static long maxOf(String type) {
        return switch (type) {
            case "u8" -> 255;
            case "u16", "port" -> 65535;
            case "u32", "mark" -> 0xffffffffL;
            default -> Long.MAX_VALUE;
        };
    }
}
