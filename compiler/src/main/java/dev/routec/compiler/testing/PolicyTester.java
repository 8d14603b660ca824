package dev.routec.compiler.testing;

import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.interp.Interpreter;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.interp.RuntimeState;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.packet.PacketNormaliser;
import dev.routec.compiler.packet.PacketPrinter;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.testing.Problem.EngineResult;
import dev.routec.compiler.testing.Problem.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs every {@code test} block and {@code property} of one policy on several engines (LANGUAGE.md
 * §6). Packets run at the policy's first hook ({@link Interpreter#firstHook}). A test passes when
 * every engine meets every expectation and all engines agree with the first ({@link Agreement}); a
 * property passes when its check holds on every engine's output for {@code tries} drawn packets
 * that satisfy {@code where}, and the engines agree on each. Checks, {@code where} and membership
 * in expectations are judged by one model of the runtime contents (the declarations plus the
 * test's {@code given}s), the same for every engine.
 */
public final class PolicyTester implements AutoCloseable {
    /** The seed of a run and the number of packets each property checks. */
    public record Options(long seed, int tries) {
        public Options {
            if (tries < 1) throw new IllegalArgumentException("tries must be at least 1: " + tries);
        }
    }

    private final CheckedPolicy policy;
    private final Options options;
    private final List<Engine> engines = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<Problem> openErrors = new ArrayList<>();
    private final Policy.Hook hook;

    /** Opens an engine of each factory for the policy; one that fails to open fails every block. */
    public PolicyTester(CheckedPolicy policy, List<Engine.Factory> factories, Options options) {
        this.policy = policy;
        this.options = options;
        this.hook = Interpreter.firstHook(policy);
        for (Engine.Factory f : factories) {
            names.add(f.name());
            try {
                engines.add(f.open(policy));
            } catch (RuntimeException e) {
                openErrors.add(new Problem(
                        Kind.ENGINE_ERROR,
                        policy.ast().span(),
                        Optional.empty(),
                        f.name() + " could not run policy `" + policy.name() + "`: " + message(e),
                        List.of()));
            }
        }
    }

    /** Every test block, then every property, in source order. */
    public List<Outcome> runAll() {
        List<Outcome> out = new ArrayList<>();
        for (CheckedPolicy.Test t : policy.tests()) out.add(test(t));
        for (CheckedPolicy.Prop p : policy.properties()) out.add(property(p));
        return out;
    }

    public Outcome test(CheckedPolicy.Test t) {
        List<Problem> problems = new ArrayList<>(openErrors);
        RuntimeState model = new RuntimeState(policy);
        Optional<Problem> given = givens(t, model);
        if (given.isPresent()) problems.add(given.get());
        else for (CheckedPolicy.Case c : t.cases()) problems.addAll(Expectations.check(c, model, hook, this::runAll));
        return new Outcome(policy.name(), Outcome.Kind.TEST, t.name(), t.span(), names, problems, Optional.empty());
    }

    public Outcome property(CheckedPolicy.Prop p) {
        PropertyRunner runner = new PropertyRunner(policy, p, hook, options, this::runFresh);
        PropertyRunner.Run run = runner.run();
        List<Problem> problems = new ArrayList<>(openErrors);
        problems.addAll(run.problems());
        return new Outcome(
                policy.name(), Outcome.Kind.PROPERTY, p.name(), p.span(), names, problems, Optional.of(run.stats()));
    }

    /** Applies a test's givens to the model and every engine, after resetting the engines. */
    private Optional<Problem> givens(CheckedPolicy.Test t, RuntimeState model) {
        String who = "model";
        try {
            for (CheckedPolicy.Given g : t.givens()) model.apply(g);
            for (Engine e : engines) {
                who = e.name();
                e.reset();
                for (CheckedPolicy.Given g : t.givens()) e.apply(g);
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            String where = who.equals("model") ? "" : " (on " + who + ")";
            return Optional.of(
                    new Problem(Kind.GIVEN, t.span(), Optional.empty(), "given: " + message(e) + where, List.of()));
        }
    }

    /** Runs a frame on every engine in their current state. */
    Runs runAll(Frame in) {
        List<EngineResult> results = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Engine e : engines) {
            try {
                results.add(new EngineResult(e.name(), e.run(in, hook)));
            } catch (RuntimeException ex) {
                errors.add(e.name() + " failed on the packet: " + message(ex));
            }
        }
        return new Runs(results, errors);
    }

    /** Resets every engine, then runs the frame (a property's packets are independent). */
    Runs runFresh(Frame in) {
        List<String> errors = new ArrayList<>();
        for (Engine e : engines) {
            try {
                e.reset();
            } catch (RuntimeException ex) {
                errors.add(e.name() + " failed to reset: " + message(ex));
            }
        }
        if (!errors.isEmpty()) return new Runs(List.of(), errors);
        return runAll(in);
    }

    /** Every engine's result on one frame, and the engines that failed on it. */
    record Runs(List<EngineResult> results, List<String> errors) {
        /** Problems of disagreement between the first engine and each other. */
        List<String> disagreements() {
            List<String> out = new ArrayList<>();
            if (results.isEmpty()) return out;
            EngineResult ref = results.get(0);
            for (EngineResult other : results.subList(1, results.size())) {
                List<String> diff = Agreement.differences(ref.result(), other.result());
                if (!diff.isEmpty())
                    out.add(ref.engine() + " and " + other.engine() + " disagree on " + String.join(", ", diff));
            }
            return out;
        }
    }

    /**
     * A drawn packet in notation that parses back to the very same bytes: its normal form (what the
     * engines see: a later fragment as {@code ip proto N}) when that builds the same bytes, else the
     * packet as drawn (the notation cannot say what bytes a cut-short header held).
     */
    static String notation(PacketSpec s) {
        PacketSpec normal = PacketNormaliser.normalise(s);
        if (Arrays.equals(
                PacketBuilder.build(normal).bytes(), PacketBuilder.build(s).bytes()))
            return PacketPrinter.print(normal);
        return PacketPrinter.print(s);
    }

    static String describe(Result r) {
        return r.verdict().word() + r.iface().map(i -> " \"" + i + "\"").orElse("") + " by " + r.rule();
    }

    static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    @Override
    public void close() {
        for (Engine e : engines) {
            try {
                e.close();
            } catch (RuntimeException ignored) {
                // closing is best effort; the results are already taken
            }
        }
    }
}
