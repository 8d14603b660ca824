package dev.routec.compiler.testing;

import dev.routec.compiler.interp.Result;
import dev.routec.compiler.source.Span;
import java.util.List;
import java.util.Optional;

/**
 * One reason a test or property failed.
 *
 * @param kind what went wrong
 * @param span the test case (or block) it concerns
 * @param packet the input packet in notation, when it concerns one
 * @param message what was expected and what happened, possibly several lines
 * @param results each engine's result on the packet, in engine order (empty for an engine that
 *     failed to run it)
 */
public record Problem(Kind kind, Span span, Optional<String> packet, String message, List<EngineResult> results) {
    public Problem {
        results = List.copyOf(results);
    }

    public enum Kind {
        /** An engine's result does not meet the test's expectation, or a property's check is false. */
        EXPECTATION,
        /** The engines' results differ. */
        DISAGREEMENT,
        /** A {@code given} could not be applied (a full container). */
        GIVEN,
        /** A property's {@code where} rejected too many drawn packets. */
        GAVE_UP,
        /** An engine failed: it could not be prepared for the policy, or threw on a packet. */
        ENGINE_ERROR;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** One engine's result on the packet. */
    public record EngineResult(String engine, Result result) {}
}
