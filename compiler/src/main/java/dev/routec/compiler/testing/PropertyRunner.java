package dev.routec.compiler.testing;

import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.interp.Expressions;
import dev.routec.compiler.interp.RuntimeState;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.testing.Problem.EngineResult;
import dev.routec.compiler.testing.Problem.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * One property: draws packets ({@link PacketGen}) until {@code tries} of them satisfy {@code
 * where} or {@code 10 × tries} have been drawn, runs each on fresh engines, and checks the
 * property on every engine's output; the first failure is shrunk ({@link Shrinker}) to a minimal
 * packet that fails the same way. The random source is seeded from the run's seed and the
 * property's policy and name, so a seed replays every property of a run, whatever else the files
 * hold.
 */
final class PropertyRunner {
    /** Draws per packet to check before giving up. */
    static final int DISCARD_RATIO = 10;
    /** Candidate packets the shrinker may try. */
    static final int SHRINK_BUDGET = 5000;

    record Run(Outcome.PropertyRun stats, List<Problem> problems) {}

    private record Failure(Kind kind, String message, List<EngineResult> results) {}

    private final CheckedPolicy policy;
    private final CheckedPolicy.Prop prop;
    private final Policy.Hook hook;
    private final PolicyTester.Options options;
    private final Function<Frame, PolicyTester.Runs> fresh;
    private final RuntimeState model;

    PropertyRunner(
            CheckedPolicy policy,
            CheckedPolicy.Prop prop,
            Policy.Hook hook,
            PolicyTester.Options options,
            Function<Frame, PolicyTester.Runs> fresh) {
        this.policy = policy;
        this.prop = prop;
        this.hook = hook;
        this.options = options;
        this.fresh = fresh;
        this.model = new RuntimeState(policy);
    }

    /** The property's own seed, derived from the run's. */
    static long seedOf(long runSeed, String policy, String property) {
        long h = (policy + "\0" + property).hashCode();
        return runSeed ^ (h * 0x9E3779B97F4A7C15L);
    }

    Run run() {
        SplittableRandom r = new SplittableRandom(seedOf(options.seed(), policy.name(), prop.name()));
        PacketGen gen = new PacketGen(prop.packetClass(), new PolicyValues(policy), prop.where());
        int tries = options.tries(), checked = 0, draws = 0;
        long maxDraws = Math.max(100L, (long) tries * DISCARD_RATIO);
        while (checked < tries && draws < maxDraws) {
            PacketSpec spec = gen.draw(r);
            draws++;
            Frame in = PacketBuilder.build(spec);
            if (!where(in)) continue;
            checked++;
            Optional<Failure> f = judge(in);
            if (f.isPresent()) return failed(spec, f.get(), checked, draws);
        }
        Outcome.PropertyRun stats = stats(checked, draws, Optional.empty(), Optional.empty(), 0);
        if (checked >= tries) return new Run(stats, List.of());
        return new Run(stats, List.of(gaveUp(checked, draws)));
    }

    private Run failed(PacketSpec original, Failure first, int checked, int draws) {
        Shrinker.Shrunk s = Shrinker.shrink(original, c -> stillFails(c, first.kind()), SHRINK_BUDGET);
        Failure f = judge(PacketBuilder.build(s.spec())).orElse(first);
        String packet = PolicyTester.notation(s.spec());
        Problem p = new Problem(f.kind(), prop.span(), Optional.of(packet), f.message(), f.results());
        return new Run(stats(checked, draws, Optional.of(s.spec()), Optional.of(original), s.steps()), List.of(p));
    }

    private boolean stillFails(PacketSpec candidate, Kind kind) {
        if (!PacketGen.fits(prop.packetClass(), candidate)) return false;
        Frame in = PacketBuilder.build(candidate);
        if (!where(in)) return false;
        return judge(in).map(f -> f.kind() == kind).orElse(false);
    }

    private boolean where(Frame in) {
        return prop.where().map(w -> Expressions.onInput(w, model, in, hook)).orElse(true);
    }

    private Optional<Failure> judge(Frame in) {
        PolicyTester.Runs runs = fresh.apply(in);
        if (!runs.errors().isEmpty())
            return Optional.of(new Failure(Kind.ENGINE_ERROR, String.join("\n", runs.errors()), runs.results()));
        List<String> lines = new ArrayList<>();
        List<EngineResult> failing = new ArrayList<>();
        for (EngineResult er : runs.results()) {
            if (Expressions.onOutput(prop.check(), model, er.result())) continue;
            failing.add(er);
            String on = runs.results().size() > 1 ? "on " + er.engine() + ": " : "";
            lines.add(on + Expectations.checkFailed(prop.check(), model, er.result()) + "\nactual:   "
                    + PolicyTester.describe(er.result()) + "\noutput:   "
                    + er.result().packet());
        }
        if (!failing.isEmpty()) return Optional.of(new Failure(Kind.EXPECTATION, String.join("\n", lines), failing));
        List<String> disagreements = runs.disagreements();
        if (!disagreements.isEmpty())
            return Optional.of(new Failure(Kind.DISAGREEMENT, String.join("\n", disagreements), runs.results()));
        return Optional.empty();
    }

    private Problem gaveUp(int checked, int draws) {
        String msg = "gave up after " + draws + " draws: only " + checked + " satisfied `where` (" + options.tries()
                + " needed)\nhelp: make `where` less strict, name the values it needs in the policy (a const or set)"
                + " so draws lean toward them, or lower --tries";
        return new Problem(Kind.GAVE_UP, prop.span(), Optional.empty(), msg, List.of());
    }

    private Outcome.PropertyRun stats(
            int checked, int draws, Optional<PacketSpec> shrunk, Optional<PacketSpec> original, int steps) {
        return new Outcome.PropertyRun(options.seed(), options.tries(), checked, draws, shrunk, original, steps);
    }
}
