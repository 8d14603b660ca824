package dev.routec.testkit;

import dev.routec.compiler.ast.Expr.Verdict;
import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketView;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a policy did to one packet: the reference interpreter's result, and the kernel's when it
 * ran there too (then the two agreed, or {@link PolicyUnderTest#run} would have thrown a {@link
 * Disagreement}). Read it directly or through {@link RouteAssertions#assertThat(Outcome)}.
 */
public final class Outcome {
    private final PolicyUnderTest owner;
    private final Policy.Hook hook;
    private final Frame input;
    private final Result result;
    private final Optional<Result> kernel;

    Outcome(PolicyUnderTest owner, Policy.Hook hook, Frame input, Result result, Optional<Result> kernel) {
        this.owner = owner;
        this.hook = hook;
        this.input = input;
        this.result = result;
        this.kernel = kernel;
    }

    public Policy.Hook hook() {
        return hook;
    }

    public Frame input() {
        return input;
    }

    /** The input in packet notation (what its bytes parse as). */
    public String inputNotation() {
        return Notation.print(input);
    }

    /** The reference interpreter's full result (effects and counters included). */
    public Result result() {
        return result;
    }

    /** The kernel's result, when the packet ran there too. */
    public Optional<Result> kernel() {
        return kernel;
    }

    public Verdict verdict() {
        return result.verdict();
    }

    /** The deciding rule, {@code "default"} for the default. */
    public String rule() {
        return result.rule();
    }

    /** The redirect target; empty for every other verdict. */
    public Optional<String> iface() {
        return result.iface();
    }

    /** The mark after the policy at TC hooks; empty at XDP. */
    public OptionalLong mark() {
        return result.mark();
    }

    /** The frame after every rewrite. */
    public Frame output() {
        return result.output();
    }

    /** The output frame parsed, for field-level assertions ({@code view().dport()}). */
    public PacketView view() {
        return PacketView.of(result.output());
    }

    /** The output in packet notation. */
    public String packet() {
        return result.packet();
    }

    /** The rules whose counters this packet bumped, in order, ending with the deciding rule. */
    public List<String> counted() {
        return result.counters().stream().map(Result.Counter::rule).toList();
    }

    /**
     * Whether a check in the {@code .route} language holds on this outcome, judged as a {@code test}
     * block judges its checks: over the output packet, with {@code verdict}, {@code rule} and the
     * policy's names ({@code dst in web}), against the current runtime contents.
     */
    public boolean satisfies(String check) {
        return owner.holds(check, this);
    }

    /** The interpreter's values of the fields a check reads, for failure messages. */
    String valuesOf(String check) {
        return owner.valuesOf(check, this);
    }

    @Override
    public String toString() {
        return result.verdict().word()
                + result.iface().map(i -> " \"" + i + "\"").orElse("") + " by "
                + result.rule() + " at " + hook.text
                + (result.mark().isPresent()
                        ? ", mark " + Long.toUnsignedString(result.mark().getAsLong())
                        : "")
                + "\n  in:  " + inputNotation() + "\n  out: " + packet();
    }
}
