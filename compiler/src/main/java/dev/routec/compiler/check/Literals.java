package dev.routec.compiler.check;

import dev.routec.compiler.ast.Value;
import dev.routec.compiler.diag.Code;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.Ipv4Addr;
import dev.routec.compiler.net.Ipv6Addr;
import dev.routec.compiler.net.MacAddr;
import dev.routec.compiler.net.Prefix;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/** Validates literal text and turns it into values; every failure is a precise diagnostic. */
final class Literals {
    static final Pattern IFACE = Pattern.compile("[A-Za-z0-9_.:-]{1,15}");
    private final Diagnostics diags;

    Literals(Diagnostics diags) {
        this.diags = diags;
    }

    Optional<IpAddr> ipv4(Value.Ipv4 v) {
        Optional<Ipv4Addr> a = Ipv4Addr.parse(v.text());
        if (a.isEmpty()) {
            diags.error(Code.BAD_IPV4, v.span(), "invalid IPv4 address `" + v.text() + "`")
                    .help("an IPv4 address is four decimal numbers 0..255 without leading zeros, like 192.0.2.1")
                    .emit();
        }
        return a.map(x -> x);
    }

    Optional<IpAddr> ipv6(Value.Ipv6 v) {
        Optional<Ipv6Addr> a = Ipv6Addr.parse(v.text());
        if (a.isEmpty()) {
            diags.error(Code.BAD_IPV6, v.span(), "invalid IPv6 address `" + v.text() + "`")
                    .help(
                            "use eight groups of up to four hex digits, or `::` once for a run of zero groups, like 2001:db8::1")
                    .emit();
        }
        return a.map(x -> x);
    }

    Optional<Prefix> prefix(Value v) {
        String text = v instanceof Value.Ipv4Prefix p ? p.text() : ((Value.Ipv6Prefix) v).text();
        boolean v4 = v instanceof Value.Ipv4Prefix;
        int slash = text.lastIndexOf('/');
        String addrText = text.substring(0, slash);
        Optional<IpAddr> addr =
                v4 ? ipv4(new Value.Ipv4(v.span(), addrText)) : ipv6(new Value.Ipv6(v.span(), addrText));
        if (addr.isEmpty()) return Optional.empty();
        String lenText = text.substring(slash + 1);
        int max = v4 ? 32 : 128;
        if (lenText.length() > 3 || Integer.parseInt(lenText) > max) {
            diags.error(Code.BAD_PREFIX_LENGTH, v.span(), "prefix length " + lenText + " is out of range")
                    .help("an " + (v4 ? "IPv4" : "IPv6") + " prefix length is 0.." + max)
                    .emit();
            return Optional.empty();
        }
        int len = Integer.parseInt(lenText);
        IpAddr masked = Prefix.mask(addr.get(), len);
        if (!masked.equals(addr.get())) {
            diags.error(Code.PREFIX_HOST_BITS, v.span(), "prefix `" + text + "` has host bits set")
                    .help("write `" + masked + "/" + len + "`")
                    .emit();
            return Optional.empty();
        }
        return Optional.of(new Prefix(masked, len));
    }

    Optional<MacAddr> mac(Value.Mac v) {
        Optional<MacAddr> m = MacAddr.parse(v.text());
        if (m.isEmpty())
            diags.error(Code.BAD_MAC, v.span(), "invalid MAC address `" + v.text() + "`")
                    .help("a MAC address is six groups of two hex digits, like 02:00:00:00:00:01")
                    .emit();
        return m;
    }

    /** An integer that must fit {@code type}; reports the type's range otherwise. */
    Optional<Long> integer(Value.Int v, Type type, String what) {
        if (!type.fits(v.value())) {
            diags.error(Code.INT_OUT_OF_RANGE, v.span(), v.text() + " does not fit " + what)
                    .help(what + " takes 0.." + type.maxValue())
                    .emit();
            return Optional.empty();
        }
        return Optional.of(v.value().longValue());
    }

    Optional<Long> integer(Value.Int v, long min, long max, String what) {
        BigInteger x = v.value();
        if (x.compareTo(BigInteger.valueOf(min)) < 0 || x.compareTo(BigInteger.valueOf(max)) > 0) {
            diags.error(Code.INT_OUT_OF_RANGE, v.span(), v.text() + " is out of range for " + what)
                    .help(what + " takes " + min + ".." + max)
                    .emit();
            return Optional.empty();
        }
        return Optional.of(x.longValue());
    }

    /** An interface name: 1..15 characters of [A-Za-z0-9_.:-]. */
    Optional<String> iface(Value.Str s) {
        if (!IFACE.matcher(s.value()).matches()) {
            diags.error(Code.BAD_INTERFACE_NAME, s.span(), "invalid interface name \"" + s.value() + "\"")
                    .help("an interface name is 1..15 characters of letters, digits, `_`, `.`, `:` and `-`")
                    .emit();
            return Optional.empty();
        }
        return Optional.of(s.value());
    }

    /** A log tag: the same safe alphabet, up to 31 characters. */
    Optional<String> tag(Value.Str s) {
        if (!s.value().matches("[A-Za-z0-9_.:-]{1,31}")) {
            diags.error(Code.BAD_INTERFACE_NAME, s.span(), "invalid log tag \"" + s.value() + "\"")
                    .help("a tag is 1..31 characters of letters, digits, `_`, `.`, `:` and `-`")
                    .emit();
            return Optional.empty();
        }
        return Optional.of(s.value());
    }
}
