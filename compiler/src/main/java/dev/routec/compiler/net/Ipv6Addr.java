package dev.routec.compiler.net;

import java.util.Optional;

/** An IPv6 address as two unsigned 64-bit halves; prints in RFC 5952 canonical form. */
public record Ipv6Addr(long hi, long lo) implements IpAddr, Comparable<Ipv6Addr> {

    public static Ipv6Addr of(byte[] b) {
        long hi = 0, lo = 0;
        for (int i = 0; i < 8; i++) hi = (hi << 8) | (b[i] & 0xff);
        for (int i = 8; i < 16; i++) lo = (lo << 8) | (b[i] & 0xff);
        return new Ipv6Addr(hi, lo);
    }

    /** Parses every RFC 4291 text form (with "::" compression and an embedded dotted quad). */
    public static Optional<Ipv6Addr> parse(String text) {
        return Ipv6Text.parse(text).map(Ipv6Addr::of);
    }

    @Override
    public byte[] bytes() {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) b[i] = (byte) (hi >>> (56 - 8 * i));
        for (int i = 0; i < 8; i++) b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        return b;
    }

    @Override
    public int bits() {
        return 128;
    }

    /** The 16-bit group at index 0..7. */
    public int group(int i) {
        long half = i < 4 ? hi : lo;
        return (int) ((half >>> (48 - 16 * (i % 4))) & 0xffff);
    }

    @Override
    public int compareTo(Ipv6Addr o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    @Override
    public String toString() {
        return Ipv6Text.format(this);
    }
}
