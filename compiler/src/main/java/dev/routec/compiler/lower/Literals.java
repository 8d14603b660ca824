package dev.routec.compiler.lower;

import dev.routec.compiler.check.Elem;
import dev.routec.compiler.ir.Cond;
import dev.routec.compiler.ir.Cond.Domain;
import dev.routec.compiler.ir.Cond.Interval;
import dev.routec.compiler.ir.Op;
import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.Prefix;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers {@code x in {literal}}: the elements become sorted, merged closed intervals per value
 * domain (integers, IPv4, IPv6, MAC). A few intervals are tested inline; more go into the shared
 * interval tables and are found by binary search, so a literal of any size costs the same code.
 */
final class Literals {
    /** At most this many intervals of one domain are tested inline. */
    static final int INLINE_MAX = 4;

    private static final BigInteger MASK64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final List<Interval> ranges = new ArrayList<>();
    private final List<Interval> ranges6 = new ArrayList<>();

    List<Interval> ranges() {
        return ranges;
    }

    List<Interval> ranges6() {
        return ranges6;
    }

    Cond lower(Op operand, List<Elem> elems) {
        Map<Domain, List<BigInteger[]>> byDomain = new EnumMap<>(Domain.class);
        for (Elem e : elems) {
            BigInteger[] iv = interval(e);
            byDomain.computeIfAbsent(domain(e), d -> new ArrayList<>()).add(iv);
        }
        Cond out = null;
        for (Map.Entry<Domain, List<BigInteger[]>> d : byDomain.entrySet()) {
            Cond c = forDomain(operand, d.getKey(), merge(d.getValue()));
            out = out == null ? c : new Cond.Or(out, c);
        }
        return out == null ? new Cond.Not(new Cond.True()) : out;
    }

    private Cond forDomain(Op operand, Domain d, List<BigInteger[]> merged) {
        List<Interval> ivs = merged.stream().map(r -> toInterval(r[0], r[1])).toList();
        if (ivs.size() <= INLINE_MAX) return new Cond.InIntervals(operand, d, ivs);
        List<Interval> table = d == Domain.V6 ? ranges6 : ranges;
        int first = table.size();
        table.addAll(ivs);
        return new Cond.InTable(operand, d, first, ivs.size());
    }

    static Domain domain(Elem e) {
        return switch (e) {
            case Elem.Int i -> Domain.INT;
            case Elem.IntRange r -> Domain.INT;
            case Elem.Addr a -> a.addr().isV4() ? Domain.V4 : Domain.V6;
            case Elem.Pfx p -> p.prefix().isV4() ? Domain.V4 : Domain.V6;
            case Elem.Mac m -> Domain.MAC;
            case Elem.AddrPort ap -> throw new IllegalArgumentException("not a literal element: " + ap);
        };
    }

    /** The closed interval an element covers, as unsigned values. */
    static BigInteger[] interval(Elem e) {
        return switch (e) {
            case Elem.Int i -> new BigInteger[] {unsigned(i.value()), unsigned(i.value())};
            case Elem.IntRange r -> new BigInteger[] {unsigned(r.lo()), unsigned(r.hi())};
            case Elem.Addr a -> new BigInteger[] {value(a.addr()), value(a.addr())};
            case Elem.Pfx p -> prefixInterval(p.prefix());
            case Elem.Mac m ->
                new BigInteger[] {
                    BigInteger.valueOf(m.mac().value()),
                    BigInteger.valueOf(m.mac().value())
                };
            case Elem.AddrPort ap -> throw new IllegalArgumentException("not a literal element: " + ap);
        };
    }

    static BigInteger[] prefixInterval(Prefix p) {
        BigInteger lo = value(p.addr());
        int host = p.addr().bits() - p.len();
        return new BigInteger[] {lo, lo.add(BigInteger.ONE.shiftLeft(host)).subtract(BigInteger.ONE)};
    }

    static BigInteger value(IpAddr a) {
        return new BigInteger(1, a.bytes());
    }

    static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    /** Sorts and merges overlapping or adjacent intervals. */
    static List<BigInteger[]> merge(List<BigInteger[]> in) {
        List<BigInteger[]> sorted = new ArrayList<>(in);
        sorted.sort(Comparator.comparing((BigInteger[] r) -> r[0]).thenComparing(r -> r[1]));
        List<BigInteger[]> out = new ArrayList<>();
        for (BigInteger[] r : sorted) {
            if (!out.isEmpty() && out.get(out.size() - 1)[1].add(BigInteger.ONE).compareTo(r[0]) >= 0) {
                BigInteger[] last = out.get(out.size() - 1);
                out.set(out.size() - 1, new BigInteger[] {last[0], last[1].max(r[1])});
            } else out.add(r);
        }
        return out;
    }

    private static Interval toInterval(BigInteger lo, BigInteger hi) {
        return new Interval(
                lo.shiftRight(64).longValue(),
                lo.and(MASK64).longValue(),
                hi.shiftRight(64).longValue(),
                hi.and(MASK64).longValue());
    }
}
