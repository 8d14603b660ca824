package dev.routec.compiler.testing;

import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.source.Span;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one {@code test} block or {@code property} on every engine.
 *
 * @param policy the policy's name
 * @param kind test or property
 * @param name the block's name
 * @param span where the block is
 * @param engines the engines it ran on, in order (the first is the reference)
 * @param problems why it failed; empty when it passed
 * @param property what a property did: its seed, packets checked and drawn, counterexample
 */
public record Outcome(
        String policy,
        Kind kind,
        String name,
        Span span,
        List<String> engines,
        List<Problem> problems,
        Optional<PropertyRun> property) {

    public Outcome {
        engines = List.copyOf(engines);
        problems = List.copyOf(problems);
    }

    public enum Kind {
        TEST,
        PROPERTY;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean passed() {
        return problems.isEmpty();
    }

    /**
     * What a property run did.
     *
     * @param seed the seed of the whole run ({@code routec test --seed}), which replays it
     * @param tries packets to check
     * @param checked packets that satisfied {@code where} and were checked
     * @param draws packets drawn (checked plus rejected by {@code where})
     * @param counterexample the shrunk failing packet, when the property failed on a packet
     * @param original the failing packet as first drawn, before shrinking
     * @param shrinkSteps how many simplifications the shrinker kept
     */
    public record PropertyRun(
            long seed,
            int tries,
            int checked,
            int draws,
            Optional<PacketSpec> counterexample,
            Optional<PacketSpec> original,
            int shrinkSteps) {}
}
