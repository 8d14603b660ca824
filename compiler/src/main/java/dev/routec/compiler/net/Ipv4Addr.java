package dev.routec.compiler.net;

import java.util.Optional;

/** An IPv4 address held as an unsigned 32-bit value in an int. */
public record Ipv4Addr(int value) implements IpAddr, Comparable<Ipv4Addr> {

    public static Ipv4Addr of(byte[] b) {
        return new Ipv4Addr(((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff));
    }

    /** Parses dotted-quad text: exactly four decimal octets 0..255, no leading zeros beyond "0". */
    public static Optional<Ipv4Addr> parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) return Optional.empty();
        int v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) return Optional.empty();
            if (p.length() > 1 && p.charAt(0) == '0') return Optional.empty();
            int o = Integer.parseInt(p);
            if (o > 255) return Optional.empty();
            v = (v << 8) | o;
        }
        return Optional.of(new Ipv4Addr(v));
    }

    @Override
    public byte[] bytes() {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    @Override
    public int bits() {
        return 32;
    }

    public long unsigned() {
        return value & 0xffffffffL;
    }

    @Override
    public int compareTo(Ipv4Addr o) {
        return Integer.compareUnsigned(value, o.value);
    }

    @Override
    public String toString() {
        return (value >>> 24) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "." + (value & 0xff);
    }
}
