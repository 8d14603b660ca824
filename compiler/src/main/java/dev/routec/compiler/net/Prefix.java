package dev.routec.compiler.net;

import java.math.BigInteger;
import java.util.Arrays;

/** An address prefix whose host bits are zero (enforced). */
public record Prefix(IpAddr addr, int len) implements Comparable<Prefix> {
    public Prefix {
        if (len < 0 || len > addr.bits()) throw new IllegalArgumentException("prefix length " + len);
        if (!Arrays.equals(mask(addr, len).bytes(), addr.bytes()))
            throw new IllegalArgumentException("host bits set in " + addr + "/" + len);
    }

    /** The address with every bit past {@code len} cleared. */
    public static IpAddr mask(IpAddr a, int len) {
        byte[] b = a.bytes();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, len - 8 * i));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        return IpAddr.of(b);
    }

    public boolean isV4() {
        return addr.isV4();
    }

    public boolean contains(IpAddr a) {
        return a.isV4() == addr.isV4() && mask(a, len).equals(addr);
    }

    public boolean contains(Prefix p) {
        return p.len >= len && contains(p.addr);
    }

    public boolean overlaps(Prefix p) {
        return contains(p) || p.contains(this);
    }

    /** Unsigned value of the address, for ordering and range arithmetic. */
    public BigInteger first() {
        return new BigInteger(1, addr.bytes());
    }

    @Override
    public int compareTo(Prefix o) {
        if (isV4() != o.isV4()) return isV4() ? -1 : 1;
        int c = first().compareTo(o.first());
        return c != 0 ? c : Integer.compare(len, o.len);
    }

    @Override
    public String toString() {
        return addr + "/" + len;
    }
}
