package dev.routec.compiler.testing;

import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.check.TExpr;
import dev.routec.compiler.interp.Expressions;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.interp.RuntimeState;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.packet.PacketPrinter;
import dev.routec.compiler.testing.Problem.EngineResult;
import dev.routec.compiler.testing.Problem.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One test case (a packet and its expectation) on every engine: the verdict (and interface, for
 * an expected {@code redirect "if"}), the deciding rule of {@code by}, and every check on the
 * output packet with {@code verdict} and {@code rule} bound; then agreement between engines.
 */
final class Expectations {
    private Expectations() {}

    static List<Problem> check(
            CheckedPolicy.Case c, RuntimeState model, Policy.Hook hook, Function<Frame, PolicyTester.Runs> run) {
        String packet = PacketPrinter.print(c.packet());
        Frame in;
        try {
            in = PacketBuilder.build(c.packet());
        } catch (IllegalArgumentException e) {
            return List.of(
                    problem(Kind.EXPECTATION, c, packet, "cannot build the packet: " + e.getMessage(), List.of()));
        }
        PolicyTester.Runs runs = run.apply(in);
        List<Problem> out = new ArrayList<>();
        for (String error : runs.errors()) out.add(problem(Kind.ENGINE_ERROR, c, packet, error, runs.results()));
        boolean several = runs.results().size() + runs.errors().size() > 1;
        Map<String, List<EngineResult>> byMessage = new LinkedHashMap<>();
        for (EngineResult er : runs.results()) {
            List<String> misses = misses(c, model, er.result());
            if (!misses.isEmpty())
                byMessage
                        .computeIfAbsent(String.join("\n", misses), k -> new ArrayList<>())
                        .add(er);
        }
        for (Map.Entry<String, List<EngineResult>> m : byMessage.entrySet()) {
            String on = several
                    ? "on "
                            + String.join(
                                    ", ",
                                    m.getValue().stream()
                                            .map(EngineResult::engine)
                                            .toList()) + ":\n"
                    : "";
            out.add(problem(Kind.EXPECTATION, c, packet, on + m.getKey(), m.getValue()));
        }
        List<String> disagreements = runs.disagreements();
        if (!disagreements.isEmpty())
            out.add(problem(Kind.DISAGREEMENT, c, packet, String.join("\n", disagreements), runs.results()));
        return out;
    }

    /** What of the expectation the result does not meet, one entry per miss. */
    static List<String> misses(CheckedPolicy.Case c, RuntimeState model, Result r) {
        List<String> out = new ArrayList<>();
        String actual = "\nactual:   " + PolicyTester.describe(r) + "\noutput:   " + r.packet();
        boolean verdictOk =
                r.verdict() == c.verdict() && (c.iface().isEmpty() || c.iface().equals(r.iface()));
        boolean ruleOk = c.byRule().isEmpty() || c.byRule().get().equals(r.rule());
        if (!verdictOk || !ruleOk) {
            String expected = c.verdict().word()
                    + c.iface().map(i -> " \"" + i + "\"").orElse("")
                    + c.byRule().map(n -> " by " + n).orElse("");
            out.add("expected: " + expected + actual);
        }
        for (TExpr check : c.checks()) {
            if (Expressions.onOutput(check, model, r)) continue;
            out.add(checkFailed(check, model, r) + actual);
        }
        return out;
    }

    static String checkFailed(TExpr check, RuntimeState model, Result r) {
        String values = Expressions.valuesOnOutput(check, model, r);
        return "check failed: " + check.span().text() + (values.isEmpty() ? "" : " (" + values + ")");
    }

    private static Problem problem(
            Kind kind, CheckedPolicy.Case c, String packet, String message, List<EngineResult> rs) {
        return new Problem(kind, c.span(), Optional.of(packet), message, rs);
    }
}
