package dev.routec.compiler.interp;

import dev.routec.compiler.ast.Expr.Verdict;
import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.check.Field;
import dev.routec.compiler.check.TExpr;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.packet.PacketPrinter;
import dev.routec.compiler.packet.PacketView;
import dev.routec.compiler.source.Span;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The interpreter side of {@code routec test} (LANGUAGE.md §6): each {@code test} block runs on a
 * fresh {@link RuntimeState} with its {@code given}s applied, its packets in order at the policy's
 * first hook ({@link Interpreter#firstHook}), all at the same instant {@link #INSTANT_NS} (so a
 * {@code limit} lets exactly its burst through). A case passes when the verdict matches (and the
 * interface, for an expected {@code redirect "if"}), the deciding rule matches {@code by}, and every
 * check holds on the output packet, with {@code verdict} and {@code rule} bound.
 */
public final class TestRunner {
    /** The instant every packet of a test arrives at. */
    public static final long INSTANT_NS = 1_000_000_000L;

    private final CheckedPolicy policy;

    public TestRunner(CheckedPolicy policy) {
        this.policy = policy;
    }

    /** One case's outcome; {@code failures} explains each mismatch, empty when it passed. */
    public record CaseResult(Span span, String packet, Optional<Result> result, List<String> failures) {
        public CaseResult {
            failures = List.copyOf(failures);
        }

        public boolean passed() {
            return failures.isEmpty();
        }
    }

    /** One test block's outcome; {@code error} when its givens could not be applied (no case ran). */
    public record TestResult(String name, Span span, List<CaseResult> cases, Optional<String> error) {
        public TestResult {
            cases = List.copyOf(cases);
        }

        public boolean passed() {
            return error.isEmpty() && cases.stream().allMatch(CaseResult::passed);
        }
    }

    /** Runs every test block in source order. */
    public List<TestResult> runAll() {
        return policy.tests().stream().map(this::run).toList();
    }

    public TestResult run(CheckedPolicy.Test test) {
        Interpreter interp = new Interpreter(policy, () -> INSTANT_NS);
        try {
            test.givens().forEach(interp.state()::apply);
        } catch (IllegalStateException | IllegalArgumentException e) {
            return new TestResult(test.name(), test.span(), List.of(), Optional.of("given: " + e.getMessage()));
        }
        Policy.Hook hook = Interpreter.firstHook(policy);
        List<CaseResult> out = new ArrayList<>();
        for (CheckedPolicy.Case c : test.cases()) out.add(runCase(interp, hook, c));
        return new TestResult(test.name(), test.span(), out, Optional.empty());
    }

    private CaseResult runCase(Interpreter interp, Policy.Hook hook, CheckedPolicy.Case c) {
        String packet = PacketPrinter.print(c.packet());
        Frame in;
        try {
            in = PacketBuilder.build(c.packet());
        } catch (IllegalArgumentException e) {
            return new CaseResult(c.span(), packet, Optional.empty(), List.of(packet + ": " + e.getMessage()));
        }
        Result r = interp.run(in, hook);
        List<String> failures = new ArrayList<>();
        String got = describe(r.verdict(), r.iface(), Optional.of(r.rule()));
        boolean verdictOk =
                r.verdict() == c.verdict() && (c.iface().isEmpty() || c.iface().equals(r.iface()));
        boolean ruleOk = c.byRule().isEmpty() || c.byRule().get().equals(r.rule());
        if (!verdictOk || !ruleOk) {
            failures.add(packet + "\n    expected: " + describe(c.verdict(), c.iface(), c.byRule()) + "\n    actual:   "
                    + got + "\n    output:   " + r.packet());
        }
        Evaluator eval = new Evaluator(
                interp.state(),
                PacketView.parse(
                        r.output().bytes(), r.output().iif(), r.output().mark()),
                hook.isTc(),
                Optional.of(r.verdict()),
                Optional.of(r.rule()));
        for (TExpr check : c.checks()) {
            if (eval.test(check)) continue;
            failures.add(packet + "\n    check failed: " + check.span().text() + values(eval, check)
                    + "\n    actual:   " + got + "\n    output:   " + r.packet());
        }
        return new CaseResult(c.span(), packet, Optional.of(r), failures);
    }

    private static String describe(Verdict v, Optional<String> iface, Optional<String> rule) {
        return v.word()
                + iface.map(i -> " \"" + i + "\"").orElse("")
                + rule.map(n -> " by " + n).orElse("");
    }

    /** The fields a failed check reads, with their values on the output packet. */
    private static String values(Evaluator eval, TExpr check) {
        Set<Field> fields = new LinkedHashSet<>();
        collect(check, fields);
        if (fields.isEmpty()) return "";
        List<String> parts = new ArrayList<>();
        for (Field f : fields)
            parts.add(f.text + " = " + eval.field(f).map(Object::toString).orElse("(absent)"));
        return " (" + String.join(", ", parts) + ")";
    }

    private static void collect(TExpr e, Set<Field> out) {
        switch (e) {
            case TExpr.FieldRef f -> out.add(f.field());
            case TExpr.MapRead m -> collect(m.key(), out);
            case TExpr.BitAnd b -> {
                collect(b.left(), out);
                collect(b.right(), out);
            }
            case TExpr.Compare c -> {
                collect(c.left(), out);
                collect(c.right(), out);
            }
            case TExpr.InContainer i -> collect(i.left(), out);
            case TExpr.InLiteral i -> collect(i.left(), out);
            case TExpr.Not n -> collect(n.operand(), out);
            case TExpr.And a -> {
                collect(a.left(), out);
                collect(a.right(), out);
            }
            case TExpr.Or o -> {
                collect(o.left(), out);
                collect(o.right(), out);
            }
            case TExpr.Const k -> {}
            case TExpr.IfaceConst k -> {}
            case TExpr.VerdictConst k -> {}
            case TExpr.RuleConst k -> {}
        }
    }
}
