package dev.routec.compiler.check;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A set of unsigned integers as sorted, disjoint, non-adjacent closed intervals. */
record IntervalSet(List<BigInteger[]> ranges) {
    static IntervalSet empty() {
        return new IntervalSet(List.of());
    }

    static IntervalSet of(BigInteger lo, BigInteger hi) {
        List<BigInteger[]> one = new ArrayList<>();
        one.add(new BigInteger[] {lo, hi});
        return lo.compareTo(hi) > 0 ? empty() : new IntervalSet(one);
    }

    static IntervalSet point(BigInteger v) {
        return of(v, v);
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    IntervalSet union(IntervalSet o) {
        List<BigInteger[]> all = new ArrayList<>(ranges);
        all.addAll(o.ranges);
        all.sort(Comparator.comparing((BigInteger[] r) -> r[0]));
        List<BigInteger[]> out = new ArrayList<>();
        for (BigInteger[] r : all) {
            if (!out.isEmpty() && out.get(out.size() - 1)[1].add(BigInteger.ONE).compareTo(r[0]) >= 0) {
                BigInteger[] last = out.get(out.size() - 1);
                out.set(out.size() - 1, new BigInteger[] {last[0], last[1].max(r[1])});
            } else out.add(r);
        }
        return new IntervalSet(List.copyOf(out));
    }

    IntervalSet intersect(IntervalSet o) {
        List<BigInteger[]> out = new ArrayList<>();
        for (BigInteger[] a : ranges) {
            for (BigInteger[] b : o.ranges) {
                BigInteger lo = a[0].max(b[0]), hi = a[1].min(b[1]);
                if (lo.compareTo(hi) <= 0) out.add(new BigInteger[] {lo, hi});
            }
        }
        return new IntervalSet(List.of()).union(new IntervalSet(out));
    }

    IntervalSet complement(BigInteger max) {
        List<BigInteger[]> out = new ArrayList<>();
        BigInteger next = BigInteger.ZERO;
        for (BigInteger[] r : ranges) {
            if (r[0].compareTo(next) > 0) out.add(new BigInteger[] {next, r[0].subtract(BigInteger.ONE)});
            next = r[1].add(BigInteger.ONE);
        }
        if (next.compareTo(max) <= 0) out.add(new BigInteger[] {next, max});
        return new IntervalSet(List.copyOf(out));
    }

    boolean subsetOf(IntervalSet o) {
        return intersect(o).equals(this);
    }

    @Override
    public boolean equals(Object x) {
        if (!(x instanceof IntervalSet o) || o.ranges.size() != ranges.size()) return false;
        for (int i = 0; i < ranges.size(); i++) {
            if (!ranges.get(i)[0].equals(o.ranges.get(i)[0])
                    || !ranges.get(i)[1].equals(o.ranges.get(i)[1])) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        return ranges.size();
    }
}
