package dev.routec.bindings;

import dev.routec.compiler.check.Elem;
import dev.routec.compiler.check.Type;
import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.Ipv4Addr;
import dev.routec.compiler.net.Ipv6Addr;
import dev.routec.compiler.net.MacAddr;
import dev.routec.compiler.net.Prefix;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Converts the Java values of the generated bindings to and from checked elements ({@link Elem}),
 * validating them as the language does: addresses and prefixes in the literal syntax of LANGUAGE.md
 * §2 (IPv6 in every RFC 4291 form), prefixes with host bits rejected, integers within their type.
 * The bytes of an element are then {@link dev.routec.compiler.emit.MapLayout}'s: a codec never
 * encodes bytes itself.
 *
 * <p>Java types: addresses, prefixes and MACs are {@code String}s (printed back in canonical form:
 * prefixes as {@code addr/len}, IPv6 per RFC 5952, MACs in lower case); {@code port}, {@code u8} and
 * {@code u16} are {@code Integer}s; {@code u32} ({@code mark}) and {@code u64} are {@code Long}s
 * ({@code u64} unsigned, so values above {@link Long#MAX_VALUE} read back negative).
 *
 * @param <E> the Java type of the values
 */
public final class Codec<E> {
    public static final Codec<String> IPV4 = text(Type.IPV4, Codec::ipv4);
    public static final Codec<String> IPV6 = text(Type.IPV6, Codec::ipv6);
    public static final Codec<String> PREFIX4 = text(Type.PREFIX4, t -> prefix(t, true));
    public static final Codec<String> PREFIX6 = text(Type.PREFIX6, t -> prefix(t, false));
    public static final Codec<String> MAC = text(Type.MAC, Codec::mac);
    public static final Codec<Integer> PORT = small(Type.PORT);
    public static final Codec<Integer> U8 = small(Type.U8);
    public static final Codec<Integer> U16 = small(Type.U16);
    public static final Codec<Long> U32 =
            new Codec<>(Type.U32, v -> new Elem.Int(checkRange(v, 0xffffffffL, Type.U32)), e -> ((Elem.Int) e).value());
    public static final Codec<Long> U64 = new Codec<>(Type.U64, Elem.Int::new, e -> ((Elem.Int) e).value());

    private final Type type;
    private final Function<E, Elem> in;
    private final Function<Elem, E> out;

    private Codec(Type type, Function<E, Elem> in, Function<Elem, E> out) {
        this.type = type;
        this.in = in;
        this.out = out;
    }

    /** The language type this codec stands for (the declaration's element, key or value type). */
    public Type type() {
        return type;
    }

    /**
     * The checked element for {@code value}.
     *
     * @throws IllegalArgumentException when the value is not a valid {@link #type()}; the message
     *     says why and, for a prefix with host bits, what the prefix would be
     * @throws NullPointerException when {@code value} is null
     */
    public Elem element(E value) {
        Objects.requireNonNull(value, () -> "a " + type.text + " value is required, got null");
        return in.apply(value);
    }

    /** The Java value of an element read back from a map. */
    public E value(Elem element) {
        return out.apply(element);
    }

    /** The order in which the bindings list elements: numeric, or by address then prefix length. */
    public static final Comparator<Elem> ORDER = Comparator.comparing(Codec::sortKey);

    private static SortKey sortKey(Elem e) {
        return switch (e) {
            case Elem.Int i -> new SortKey(0, Optional.empty(), i.value(), 0);
            case Elem.Addr a ->
                new SortKey(1, Optional.of(new Prefix(a.addr(), a.addr().bits())), 0, 0);
            case Elem.Pfx p -> new SortKey(1, Optional.of(p.prefix()), 0, 0);
            case Elem.AddrPort ap ->
                new SortKey(1, Optional.of(new Prefix(ap.addr(), ap.addr().bits())), 0, ap.port());
            case Elem.Mac m -> new SortKey(2, Optional.empty(), m.mac().value(), 0);
            case Elem.IntRange r -> new SortKey(0, Optional.empty(), r.lo(), 0);
        };
    }

    private record SortKey(int kind, Optional<Prefix> prefix, long number, int port) implements Comparable<SortKey> {
        @Override
        public int compareTo(SortKey o) {
            int c = Integer.compare(kind, o.kind);
            if (c == 0 && prefix.isPresent() && o.prefix.isPresent())
                c = prefix.get().compareTo(o.prefix.get());
            if (c == 0) c = Long.compareUnsigned(number, o.number);
            return c != 0 ? c : Integer.compare(port, o.port);
        }
    }

    private static Codec<String> text(Type type, Function<String, Elem> parse) {
        return new Codec<>(type, parse, Object::toString);
    }

    private static Codec<Integer> small(Type type) {
        long max = type.maxValue().longValueExact();
        return new Codec<>(type, v -> new Elem.Int(checkRange(v, max, type)), e -> (int) ((Elem.Int) e).value());
    }

    private static long checkRange(long v, long max, Type type) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(v + " is out of range for " + type.text + " (0.." + max + ")");
        }
        return v;
    }

    /** Runs {@code s}, prefixing the message of a validation failure with {@code what} ("set blocked"). */
    static <T> T in(String what, java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    // ---- text forms (also used for pool members)

    static Elem ipv4(String text) {
        return new Elem.Addr(address(text, true));
    }

    static Elem ipv6(String text) {
        return new Elem.Addr(address(text, false));
    }

    /** Parses an address of the given family, saying so when it is of the other one. */
    static IpAddr address(String text, boolean v4) {
        Optional<? extends IpAddr> a = v4 ? Ipv4Addr.parse(text) : Ipv6Addr.parse(text);
        if (a.isPresent()) return a.get();
        boolean other = (v4 ? Ipv6Addr.parse(text) : Ipv4Addr.parse(text)).isPresent();
        throw new IllegalArgumentException(
                other
                        ? "\"" + text + "\" is an " + (v4 ? "IPv6" : "IPv4") + " address; an " + (v4 ? "IPv4" : "IPv6")
                                + " address is required"
                        : "\"" + text + "\" is not an " + (v4 ? "IPv4" : "IPv6") + " address"
                                + (v4 ? " (write e.g. 192.0.2.1)" : " (write e.g. 2001:db8::1)"));
    }

    /** A prefix {@code addr/len} or a bare address (a host prefix); host bits must be zero. */
    static Elem prefix(String text, boolean v4) {
        int slash = text.indexOf('/');
        String family = v4 ? "IPv4" : "IPv6";
        if (slash < 0) {
            IpAddr a = address(text, v4);
            return new Elem.Pfx(new Prefix(a, a.bits()));
        }
        IpAddr a;
        try {
            a = address(text.substring(0, slash), v4);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "\"" + text + "\" is not an " + family + " prefix: " + e.getMessage(), e);
        }
        String lenText = text.substring(slash + 1);
        int max = a.bits();
        if (lenText.isEmpty() || lenText.length() > 3 || !lenText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(
                    "\"" + text + "\" is not an " + family + " prefix: the length must be a number 0.." + max);
        }
        int len = Integer.parseInt(lenText);
        if (len > max) {
            throw new IllegalArgumentException("\"" + text + "\": prefix length " + len + " is out of range (an "
                    + family + " prefix length is 0.." + max + ")");
        }
        IpAddr masked = Prefix.mask(a, len);
        if (!masked.equals(a)) {
            throw new IllegalArgumentException(
                    "prefix \"" + text + "\" has host bits set: write " + masked + "/" + len);
        }
        return new Elem.Pfx(new Prefix(a, len));
    }

    static Elem mac(String text) {
        return new Elem.Mac(MacAddr.parse(text)
                .orElseThrow(() -> new IllegalArgumentException(
                        "\"" + text + "\" is not a MAC address (write six hex pairs, e.g. 02:00:00:00:00:01)")));
    }

    @Override
    public String toString() {
        return "Codec[" + type.text + "]";
    }
}
