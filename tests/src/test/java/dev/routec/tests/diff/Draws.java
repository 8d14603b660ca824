package dev.routec.tests.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** Choices over a random source, shared by the policy and condition generators. */
abstract class Draws {
    final RandomGenerator r;

    Draws(RandomGenerator r) {
        this.r = r;
    }

    boolean chance(double p) {
        return r.nextDouble() < p;
    }

    <T> T pick(T[] xs) {
        return xs[r.nextInt(xs.length)];
    }

    <T> T pick(List<T> xs) {
        return xs.get(r.nextInt(xs.size()));
    }

    long pick(long[] xs) {
        return xs[r.nextInt(xs.length)];
    }

    long port() {
        return chance(0.8) ? pick(new long[] {0, 1, 22, 53, 80, 443, 1024, 8080, 65535}) : r.nextInt(65536);
    }

    String num(long v) {
        return chance(0.2) ? "0x" + Long.toHexString(v) : Long.toUnsignedString(v);
    }

    /** A literal set of integers up to {@code max}: typical values and short ranges. */
    String intSet(long max, long[] typical) {
        List<String> es = new ArrayList<>();
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (chance(0.7)) es.add(String.valueOf(Math.min(max, typical.length > 0 ? pick(typical) : 0)));
            else {
                long lo = r.nextLong(max + 1 > 0 ? Math.min(max + 1, 1L << 40) : 1L << 40);
                long hi = Math.min(max, lo + r.nextInt(200));
                es.add(lo + ".." + hi);
            }
        }
        return "{" + String.join(", ", es) + "}";
    }
}
