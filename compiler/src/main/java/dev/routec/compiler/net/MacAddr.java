package dev.routec.compiler.net;

import java.util.HexFormat;
import java.util.Optional;

/** A 48-bit Ethernet address. */
public record MacAddr(long value) implements Comparable<MacAddr> {
    public static final MacAddr DEFAULT_SRC = new MacAddr(0x020000000001L);
    public static final MacAddr DEFAULT_DST = new MacAddr(0x020000000002L);

    public static Optional<MacAddr> parse(String text) {
        String[] p = text.split(":", -1);
        if (p.length != 6) return Optional.empty();
        long v = 0;
        for (String s : p) {
            if (s.length() != 2 || Character.digit(s.charAt(0), 16) < 0 || Character.digit(s.charAt(1), 16) < 0)
                return Optional.empty();
            v = (v << 8) | Integer.parseInt(s, 16);
        }
        return Optional.of(new MacAddr(v));
    }

    public static MacAddr of(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 6; i++) v = (v << 8) | (b[off + i] & 0xff);
        return new MacAddr(v);
    }

    public byte[] bytes() {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) b[i] = (byte) (value >>> (40 - 8 * i));
        return b;
    }

    @Override
    public int compareTo(MacAddr o) {
        return Long.compare(value, o.value);
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes());
    }
}
