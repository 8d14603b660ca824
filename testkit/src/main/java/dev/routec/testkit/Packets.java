package dev.routec.testkit;

import dev.routec.compiler.ast.Property.PacketClass;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.testing.PacketDraws;
import java.util.random.RandomGenerator;
import org.quicktheories.core.Gen;

/**
 * QuickTheories generators of packets: the draws of {@code routec test} properties (biased toward
 * the addresses, prefixes, ports and ranges a policy mentions and their boundaries ±1; every
 * protocol of the notation for {@link PacketClass#ANY}), and frames beyond the notation ({@link
 * Malform}). Each value is built from the QuickTheories random source, so {@code qt().withFixedSeed}
 * replays it and QuickTheories shrinks it by simplifying every choice; for {@code routec test}'s own
 * packet shrinker use {@link PolicyUnderTest#forAll}.
 */
public final class Packets {
    private Packets() {}

    /** Packets of {@code cls} biased toward what {@code policy} mentions; described in notation. */
    public static Gen<PacketSpec> biased(CheckedPolicy policy, PacketClass cls) {
        PacketDraws draws = PacketDraws.of(policy, cls);
        return SourceRandom.gen(draws::draw).describedAs(Notation::print);
    }

    /** Frames of the packets {@code specs} gives, malformed ({@link Malform#mutate}) one time in {@code 1/p}. */
    public static Gen<Frame> sometimesMalformed(Gen<PacketSpec> specs, double p) {
        Gen<Frame> g = in -> {
            Frame f = PacketBuilder.build(specs.generate(in));
            RandomGenerator r = new SourceRandom(in);
            return r.nextDouble() < p ? Malform.mutate(f, r) : f;
        };
        return g.describedAs(Packets::describe);
    }

    /** A frame in notation, with its bytes (a malformed frame's notation is only the nearest packet). */
    public static String describe(Frame f) {
        return Notation.print(f) + " [" + java.util.HexFormat.of().formatHex(f.bytes()) + "]";
    }
}
