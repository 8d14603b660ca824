package dev.routec.testkit;

import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.packet.Frame;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The kernel and the reference interpreter did not agree on a packet: a bug in routec, not in the
 * policy. The message names the policy, the hook, the packet (in notation and as bytes) and every
 * difference; please report it with the policy.
 */
public final class Disagreement extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final transient Frame input;
    private final transient Policy.Hook hook;
    private final List<String> differences;

    Disagreement(
            String policy,
            Policy.Hook hook,
            Frame input,
            Result interp,
            Optional<Result> kernel,
            List<String> differences) {
        super(message(policy, hook, input, interp, kernel, differences));
        this.input = input;
        this.hook = hook;
        this.differences = List.copyOf(differences);
    }

    public Frame input() {
        return input;
    }

    public Policy.Hook hook() {
        return hook;
    }

    /** What differed, one line per aspect (verdict, rule, …, counters). */
    public List<String> differences() {
        return differences;
    }

    private static String message(
            String policy, Policy.Hook hook, Frame input, Result interp, Optional<Result> kernel, List<String> d) {
        StringBuilder sb = new StringBuilder();
        sb.append("the kernel and the interpreter disagree on policy `")
                .append(policy)
                .append("` at ")
                .append(hook.text)
                .append('\n');
        sb.append("  packet:      ").append(Notation.print(input)).append('\n');
        sb.append("  bytes:       ").append(HexFormat.of().formatHex(input.bytes()));
        if (!input.iif().equals(dev.routec.compiler.packet.PacketSpec.DEFAULT_IIF) || input.mark() != 0)
            sb.append(" (iif \"")
                    .append(input.iif())
                    .append("\", mark ")
                    .append(input.mark())
                    .append(')');
        sb.append('\n');
        sb.append("  interpreter: ").append(describe(interp)).append('\n');
        kernel.ifPresent(k -> sb.append("  kernel:      ").append(describe(k)).append('\n'));
        for (String x : d) sb.append("  - ").append(x).append('\n');
        return sb.toString().stripTrailing();
    }

    static String describe(Result r) {
        return r.verdict().word() + r.iface().map(i -> " \"" + i + "\"").orElse("") + " by " + r.rule()
                + (r.cause() == Result.Cause.VERDICT
                        ? ""
                        : " (" + r.cause().name().toLowerCase(java.util.Locale.ROOT) + ")")
                + (r.mark().isPresent()
                        ? ", mark " + Long.toUnsignedString(r.mark().getAsLong())
                        : "");
    }
}
