package dev.routec.compiler.testing;

import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.packet.Frame;
import java.util.Optional;

/**
 * Something that runs one checked policy on frames: the reference interpreter, or the compiled
 * program in the kernel ({@code BPF_PROG_TEST_RUN}). {@code routec test} runs every test and
 * property on every available engine and requires them to agree ({@link Agreement}).
 *
 * <p>Life cycle, driven by {@link PolicyTester}: {@link Factory#open} once per policy; then for
 * each test block {@link #reset}, every {@code given} through {@link #apply}, and the block's
 * packets through {@link #run} in order; for each packet a property draws, {@link #reset} then
 * one {@link #run}; finally {@link #close}. Every packet of a test arrives at the same instant
 * (LANGUAGE.md §6), so an engine's clock must not advance between the runs that follow one
 * {@link #reset}. Not thread-safe.
 */
public interface Engine extends AutoCloseable {
    /** A short lower-case name used in reports: {@code interpreter}, {@code kernel}. */
    String name();

    /**
     * Back to the state after loading: sets, maps and pools hold their declared contents, no
     * reverse-NAT flows, every token bucket full. Called before each test block and each drawn
     * packet.
     */
    void reset();

    /**
     * Applies a test's {@code given} to the runtime contents.
     *
     * @throws IllegalStateException when the container is full (the test fails with the message)
     */
    void apply(CheckedPolicy.Given given);

    /**
     * Runs one frame at {@code hook}. The result must report the verdict, the deciding rule's name
     * ({@code "default"} for the default), the redirect interface (empty for every other verdict),
     * the mark (the final skb mark at TC, empty at XDP) and the output frame; {@code effects} and
     * {@code counters} may be left empty by an engine that cannot observe them.
     */
    Result run(Frame in, Policy.Hook hook);

    @Override
    default void close() {}

    /** Makes engines for policies. */
    interface Factory {
        String name();

        /** Why this engine cannot run here (no BPF, not root…), or empty when it can. */
        default Optional<String> unavailable() {
            return Optional.empty();
        }

        /**
         * An engine for {@code policy}. May be expensive (the kernel engine compiles and loads).
         *
         * @throws RuntimeException when the policy cannot be prepared; its tests then fail with
         *     the message
         */
        Engine open(CheckedPolicy policy);
    }
}
