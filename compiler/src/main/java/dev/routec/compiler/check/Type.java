package dev.routec.compiler.check;

import java.math.BigInteger;

/** Types of values and fields. Integer types carry their inclusive maximum. */
public enum Type {
    BOOL("bool", 0),
    U8("u8", 0xffL),
    U16("u16", 0xffffL),
    U20("u20", 0xfffffL),
    U32("u32", 0xffffffffL),
    U64("u64", -1L),
    PORT("port", 0xffffL),
    DSCP("u8 (0..63)", 63),
    /** An integer literal before it meets a typed context. */
    INT("integer", -1L),
    IPV4("ipv4", 0),
    IPV6("ipv6", 0),
    /** `src`/`dst`: the packet's family. */
    IP("address", 0),
    PREFIX4("prefix4", 0),
    PREFIX6("prefix6", 0),
    MAC("mac", 0),
    IFACE("interface name", 0),
    VERDICT("verdict", 0),
    RULE("rule", 0);

    public final String text;
    private final long max;

    Type(String text, long max) {
        this.text = text;
        this.max = max;
    }

    public boolean isInt() {
        return switch (this) {
            case U8, U16, U20, U32, U64, PORT, DSCP, INT -> true;
            default -> false;
        };
    }

    public boolean isAddr() {
        return this == IPV4 || this == IPV6 || this == IP;
    }

    /** The inclusive maximum of an integer type, as an unsigned value. */
    public BigInteger maxValue() {
        return max == -1L ? BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE) : BigInteger.valueOf(max);
    }

    public boolean fits(BigInteger v) {
        return v.signum() >= 0 && v.compareTo(maxValue()) <= 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
