package dev.routec.compiler.testing;

import dev.routec.compiler.ast.Property.PacketClass;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.check.TExpr;
import dev.routec.compiler.packet.PacketSpec;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The packet drawing and shrinking of {@code routec test} properties, for code outside this package
 * (the testkit, the differential suite): packets of a class biased toward what a policy mentions
 * ({@link PolicyValues}) and toward what a {@code where} needs, and the shrinker that reduces a
 * failing packet to a minimal one. Exactly the machinery {@link PropertyRunner} uses.
 */
public final class PacketDraws {
    /** Candidate packets {@code routec test} lets the shrinker try. */
    public static final int SHRINK_BUDGET = PropertyRunner.SHRINK_BUDGET;

    private final PacketGen gen;

    private PacketDraws(PacketGen gen) {
        this.gen = gen;
    }

    /** Packets of {@code cls} biased toward the values {@code policy} mentions. */
    public static PacketDraws of(CheckedPolicy policy, PacketClass cls) {
        return of(policy, cls, Optional.empty());
    }

    /** The same, also leaning toward what {@code where} (a checked condition of the policy) needs. */
    public static PacketDraws of(CheckedPolicy policy, PacketClass cls, Optional<TExpr> where) {
        return new PacketDraws(new PacketGen(cls, new PolicyValues(policy), where));
    }

    /** One packet of the class; the same generator state gives the same packet. */
    public PacketSpec draw(RandomGenerator random) {
        return gen.draw(random);
    }

    /** Whether {@code spec} builds and belongs to {@code cls}. */
    public static boolean fits(PacketClass cls, PacketSpec spec) {
        return PacketGen.fits(cls, spec);
    }

    /**
     * Shrinks a failing packet: the smallest packet reachable by {@code routec test}'s simplification
     * steps for which {@code stillFails} holds, trying at most {@code budget} candidates.
     */
    public static PacketSpec shrink(PacketSpec failing, Predicate<PacketSpec> stillFails, int budget) {
        return Shrinker.shrink(failing, stillFails, budget).spec();
    }

    /**
     * A packet in notation that parses back to the same bytes (its normal form when that builds the
     * same frame), as {@code routec test} prints counterexamples.
     */
    public static String notation(PacketSpec spec) {
        return PolicyTester.notation(spec);
    }
}
