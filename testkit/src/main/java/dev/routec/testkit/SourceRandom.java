package dev.routec.testkit;

import java.util.random.RandomGenerator;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * A {@link RandomGenerator} that takes every value from a QuickTheories {@link RandomnessSource}, so
 * code written against {@code RandomGenerator} (routec's packet drawing, the differential suite's
 * policy generator) becomes a QuickTheories {@link Gen}: seeded and replayed by {@code
 * qt().withFixedSeed(…)}, and shrunk by QuickTheories, which moves each value toward zero — that
 * is, every choice toward its first, simplest option.
 */
public final class SourceRandom implements RandomGenerator {
    private final RandomnessSource in;

    public SourceRandom(RandomnessSource in) {
        this.in = in;
    }

    /** A generator of what {@code f} builds from a random source. */
    public static <T> Gen<T> gen(java.util.function.Function<RandomGenerator, T> f) {
        return in -> f.apply(new SourceRandom(in));
    }

    @Override
    public long nextLong() {
        return in.next(Constraint.none());
    }

    @Override
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive: " + bound);
        return (int) in.next(Constraint.between(0, bound - 1L));
    }

    @Override
    public int nextInt(int origin, int bound) {
        if (origin >= bound) throw new IllegalArgumentException("empty range " + origin + ".." + bound);
        return (int) in.next(Constraint.between(origin, bound - 1L));
    }

    @Override
    public long nextLong(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive: " + bound);
        return in.next(Constraint.between(0, bound - 1));
    }

    @Override
    public boolean nextBoolean() {
        return in.next(Constraint.between(0, 1)) == 1;
    }

    @Override
    public double nextDouble() {
        // a value shrunk to 0 reads as 0.0: the branch `x < p` of every biased choice
        return in.next(Constraint.between(0, (1L << 53) - 1)) * 0x1.0p-53;
    }
}
