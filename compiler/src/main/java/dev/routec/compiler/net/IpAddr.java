package dev.routec.compiler.net;

/** An IPv4 or IPv6 address value. */
public sealed interface IpAddr permits Ipv4Addr, Ipv6Addr {
    /** 4 or 16 bytes, network order. */
    byte[] bytes();

    int bits();

    default boolean isV4() {
        return this instanceof Ipv4Addr;
    }

    static IpAddr of(byte[] b) {
        if (b.length == 4) return Ipv4Addr.of(b);
        if (b.length == 16) return Ipv6Addr.of(b);
        throw new IllegalArgumentException("address of " + b.length + " bytes");
    }
}
