package dev.routec.testkit;

import dev.routec.cli.KernelPolicy;
import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.ast.Property.PacketClass;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.check.TExpr;
import dev.routec.compiler.emit.MapLayout;
import dev.routec.compiler.interp.Interpreter;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.pipeline.Backend;
import dev.routec.compiler.testing.PacketDraws;
import dev.routec.runtime.KernelRequirement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.quicktheories.core.Gen;

/**
 * One policy of a {@code .route} file, compiled and loaded once, that runs packets through the
 * compiled program in the kernel ({@code BPF_PROG_TEST_RUN}) and the reference interpreter, and
 * fails with a {@link Disagreement} whenever they differ in anything (verdict, rule, interface, mark,
 * output bytes, effects, counters). Results are {@link Outcome}s; assert on them with {@link
 * RouteAssertions}.
 *
 * <pre>{@code
 * try (PolicyUnderTest lb = PolicyUnderTest.compile(Path.of("src/test/routes/lb.route"))) {
 *     assertThat(lb.run("tcp 203.0.113.9:1234 -> 10.0.0.100:80")).isDropped().byRule("drop_blocked");
 *     lb.forAll(PacketClass.TCP, "dst == vip and dport in web_ports",
 *             o -> assertThat(o).satisfies("verdict == drop or dst in web"));
 * }
 * }</pre>
 *
 * <p>State: like the packets of one {@code test} block, every packet arrives at the same instant
 * (until {@link #advance} moves the clock on) and sees what earlier packets left behind
 * (reverse-NAT flows, token buckets, counters) until {@link #reset}; {@link #given} changes
 * runtime contents. {@link #forAll} resets before each packet.
 *
 * <p>Where BPF is unavailable (not root, no CAP_BPF) the kernel cannot run: {@link #compile} still
 * checks the policy, and {@link #interpreterOnly} runs everything on the interpreter alone; without
 * it, running a packet fails with the reason. When kernel tests are required ({@code
 * -Droutec.require.kernel=1} or {@code ROUTEC_REQUIRE_KERNEL=1}), {@link #compile} fails instead.
 * Not thread-safe.
 */
public final class PolicyUnderTest implements AutoCloseable {
    /** The seed {@link #forAll} uses unless {@link #withSeed} says otherwise. */
    public static final long DEFAULT_SEED = 0x5eed_7e57_c0deL;
    /** Packets {@link #forAll} checks unless {@link #withTries} says otherwise ({@code routec test}'s default). */
    public static final int DEFAULT_TRIES = 1000;

    private final CheckedPolicy policy;
    private final Synthetic synthetic;
    private final Optional<String> kernelUnavailable;
    private Backend.Compiled compiled;
    private KernelPolicy kernel;
    private boolean interpreterOnly;
    private Interpreter interp;
    private List<MapLayout.Counter> counters;
    private Policy.Hook hook;
    private long seed = DEFAULT_SEED;
    private long now = KernelPolicy.CLOCK_NS;
    private int tries = DEFAULT_TRIES;

    private PolicyUnderTest(CheckedPolicy policy, String source, Optional<Backend.Compiled> compiled) {
        this.policy = policy;
        this.synthetic = new Synthetic(policy, source);
        this.hook = Interpreter.firstHook(policy);
        this.kernelUnavailable = KernelRequirement.unavailable();
        if (kernelUnavailable.isPresent() && KernelRequirement.required())
            throw new IllegalStateException(KernelRequirement.failureMessage(kernelUnavailable.get()));
        this.compiled = compiled.orElse(null);
        if (kernelUnavailable.isEmpty()) loadKernel();
        this.interp = new Interpreter(policy, () -> now);
    }

    /** Compiles the only policy of a {@code .route} file. */
    public static PolicyUnderTest compile(Path routeFile) {
        return compile(routeFile, null);
    }

    /**
     * Compiles policy {@code policyName} of a {@code .route} file (any name when the file holds one
     * policy and the name is null): front end, back end, and — where BPF works — load into the kernel.
     *
     * @throws IllegalArgumentException with the rendered diagnostics when the file does not check
     */
    public static PolicyUnderTest compile(Path routeFile, String policyName) {
        String text;
        try {
            text = Files.readString(routeFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + routeFile, e);
        }
        return fromSource(routeFile.getFileName().toString(), text, policyName);
    }

    /** The same from source text; {@code fileName} appears in diagnostics. */
    public static PolicyUnderTest fromSource(String fileName, String text, String policyName) {
        CheckedPolicy p = Synthetic.checkOne(fileName, text, policyName);
        return new PolicyUnderTest(p, text, Optional.empty());
    }

    /** A checked policy whose object is already compiled (the differential suite compiles ahead). */
    public static PolicyUnderTest of(CheckedPolicy policy, String source, Backend.Compiled compiled) {
        return new PolicyUnderTest(policy, source, Optional.of(compiled));
    }

    /** Why the kernel cannot run packets here, or empty when it can. */
    public static Optional<String> kernelUnavailable() {
        return KernelRequirement.unavailable();
    }

    private void loadKernel() {
        if (compiled == null) compiled = Backend.compile(policy);
        kernel = KernelPolicy.load(policy, compiled);
        counters = null;
    }

    /** Runs on the reference interpreter alone from now on (releases the kernel program, if loaded). */
    public PolicyUnderTest interpreterOnly() {
        interpreterOnly = true;
        if (kernel != null) kernel.close();
        kernel = null;
        return this;
    }

    /** Whether packets run through the kernel as well as the interpreter. */
    public boolean usesKernel() {
        return kernel != null;
    }

    /** The hook {@link #run(String)} and {@link #forAll} use; the policy's first by default. */
    public PolicyUnderTest at(Policy.Hook h) {
        requireHook(h);
        this.hook = h;
        return this;
    }

    public PolicyUnderTest withSeed(long s) {
        this.seed = s;
        return this;
    }

    public PolicyUnderTest withTries(int n) {
        if (n < 1) throw new IllegalArgumentException("tries must be at least 1: " + n);
        this.tries = n;
        return this;
    }

    public CheckedPolicy policy() {
        return policy;
    }

    /** The hooks the policy attaches at, in source order. */
    public List<Policy.Hook> hooks() {
        return policy.attaches().stream().map(CheckedPolicy.AttachDef::hook).toList();
    }

    /** Back to the declared contents on both engines: no flows, full buckets, zero counters. */
    public void reset() {
        interp = new Interpreter(policy, () -> now);
        now = KernelPolicy.CLOCK_NS;
        if (kernel != null) kernel.reset();
        counters = null;
    }

    /** The instant (in nanoseconds) packets arrive at from now on; {@link #reset} goes back to the start. */
    public void setClock(long nanos) {
        if (nanos < KernelPolicy.CLOCK_NS)
            throw new IllegalArgumentException("the clock starts at " + KernelPolicy.CLOCK_NS + " ns: " + nanos);
        now = nanos;
    }

    /** Moves the clock on by {@code d} (token buckets refill; every packet so far arrived before). */
    public void advance(java.time.Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("time does not go back: " + d);
        setClock(Math.addExact(now, d.toNanos()));
    }

    /** The instant packets arrive at. */
    public long clock() {
        return now;
    }

    /**
     * Changes runtime contents on both engines, written as in a test block after {@code given}:
     * {@code "blocked += {192.0.2.0/24}"}, {@code "web = {}"}, {@code "tenant_of[10.9.0.0/16] = 3"}.
     */
    public void given(String given) {
        for (CheckedPolicy.Given g : synthetic.givens(given)) {
            interp.state().apply(g);
            if (kernel != null) kernel.apply(g);
        }
    }

    // ---- running packets

    public Outcome run(String notation) {
        return run(notation, hook);
    }

    public Outcome run(String notation, Policy.Hook h) {
        return run(Notation.frame(notation), h);
    }

    public Outcome run(PacketSpec spec) {
        return run(spec, hook);
    }

    public Outcome run(PacketSpec spec, Policy.Hook h) {
        return run(PacketBuilder.build(spec), h);
    }

    public Outcome run(Frame in) {
        return run(in, hook);
    }

    /**
     * Runs one frame at {@code h} through both engines.
     *
     * @throws Disagreement when the kernel and the interpreter differ
     */
    public Outcome run(Frame in, Policy.Hook h) {
        Compared c = compare(in, h);
        if (!c.differences().isEmpty()) throw c.disagreement(policy.name());
        return c.outcome();
    }

    /** Both engines' results for one frame, and what differs (empty on the interpreter alone). */
    public record Compared(Outcome outcome, Optional<Result> kernel, List<String> differences) {
        public Compared {
            differences = List.copyOf(differences);
        }

        Disagreement disagreement(String policy) {
            return new Disagreement(policy, outcome.hook(), outcome.input(), outcome.result(), kernel, differences);
        }
    }

    /** Runs one frame on both engines and reports the differences instead of throwing. */
    public Compared compare(Frame in, Policy.Hook h) {
        requireHook(h);
        requireEngines();
        Result want = interp.run(in, h);
        if (kernel == null)
            return new Compared(new Outcome(this, h, in, want, Optional.empty()), Optional.empty(), List.of());
        List<MapLayout.Counter> before = counters != null ? counters : zeros();
        Result got;
        try {
            got = kernel.run(in, h, now);
        } catch (RuntimeException e) {
            counters = kernel.counters();
            return new Compared(
                    new Outcome(this, h, in, want, Optional.empty()),
                    Optional.empty(),
                    List.of("the kernel run failed: " + e));
        }
        counters = kernel.counters();
        List<String> d =
                Comparison.differences(want, got, kernel.lastResult(), kernel.ir(), before, counters, in.bytes());
        return new Compared(new Outcome(this, h, in, want, Optional.of(got)), Optional.of(got), d);
    }

    private List<MapLayout.Counter> zeros() {
        List<MapLayout.Counter> z = new ArrayList<>();
        for (int i = 0; i < kernel.ir().rules().size(); i++) z.add(MapLayout.Counter.ZERO);
        return z;
    }

    private void requireHook(Policy.Hook h) {
        if (!hooks().contains(h))
            throw new IllegalArgumentException("policy `" + policy.name() + "` does not attach at " + h.text
                    + " (it attaches at " + hooks().stream().map(x -> x.text).toList() + ")");
    }

    private void requireEngines() {
        if (kernel != null || interpreterOnly) return;
        throw new IllegalStateException("the kernel cannot run policy `" + policy.name() + "` here: "
                + kernelUnavailable.orElse("it is not loaded")
                + "; call interpreterOnly() to run on the reference interpreter alone");
    }

    // ---- properties

    /** Packets of a class biased toward what the policy mentions, as {@code routec test} draws them. */
    public Gen<PacketSpec> packets(PacketClass cls) {
        return Packets.biased(policy, cls);
    }

    /** {@link #forAll(PacketClass, String, Consumer)} without {@code where}. */
    public void forAll(PacketClass cls, Consumer<Outcome> property) {
        forAll(cls, null, property);
    }

    /**
     * A property, as {@code routec test} runs one: draws packets of {@code cls} biased toward the
     * policy's values (and toward what {@code where} needs), keeps those satisfying {@code where}
     * (a condition in the {@code .route} language, on the input; null for none) until {@link
     * #withTries} of them ran, each on fresh state at the current hook, and passes each outcome to
     * {@code property}, which fails by throwing an {@link AssertionError}. A disagreement between the
     * engines fails too. The first failure is shrunk to a minimal packet and reported in notation
     * with the seed.
     */
    public void forAll(PacketClass cls, String where, Consumer<Outcome> property) {
        Optional<TExpr> w = where == null ? Optional.empty() : Optional.of(synthetic.where(where));
        PacketDraws draws = PacketDraws.of(policy, cls, w);
        SplittableRandom r = new SplittableRandom(seed);
        int checked = 0, drawn = 0;
        while (checked < tries && drawn < tries * 10) {
            PacketSpec spec = draws.draw(r);
            drawn++;
            if (w.isPresent() && !synthetic.holdsOnInput(w.get(), interp.state(), spec, hook)) continue;
            checked++;
            Optional<AssertionError> f = failure(spec, property);
            if (f.isPresent()) throw shrunk(cls, w, spec, f.get(), property, checked);
        }
        if (checked < tries)
            throw new AssertionError("gave up after " + drawn + " packets: only " + checked + " satisfied `" + where
                    + "` (" + tries + " needed); make `where` less strict or lower withTries");
    }

    private Optional<AssertionError> failure(PacketSpec spec, Consumer<Outcome> property) {
        reset();
        try {
            property.accept(run(spec, hook));
            return Optional.empty();
        } catch (AssertionError e) {
            return Optional.of(e);
        }
    }

    private AssertionError shrunk(
            PacketClass cls,
            Optional<TExpr> where,
            PacketSpec original,
            AssertionError first,
            Consumer<Outcome> property,
            int index) {
        Class<?> kind = first.getClass();
        PacketSpec small = PacketDraws.shrink(
                original,
                c -> PacketDraws.fits(cls, c)
                        && (where.isEmpty() || synthetic.holdsOnInput(where.get(), interp.state(), c, hook))
                        && failure(c, property).filter(kind::isInstance).isPresent(),
                PacketDraws.SHRINK_BUDGET);
        AssertionError last = failure(small, property).orElse(first);
        String msg = "property failed at " + hook.text + " on packet " + index + " (seed 0x" + Long.toHexString(seed)
                + "), shrunk to:\n  " + Notation.print(small) + "\n(drawn as: " + Notation.print(original) + ")\n"
                + last.getMessage();
        AssertionError out = new AssertionError(msg, last);
        reset();
        return out;
    }

    // ---- checks in the .route language

    boolean holds(String check, Outcome o) {
        return synthetic.holdsOnOutput(synthetic.check(check), interp.state(), o.result());
    }

    String valuesOf(String check, Outcome o) {
        return synthetic.valuesOnOutput(synthetic.check(check), interp.state(), o.result());
    }

    @Override
    public void close() {
        if (kernel != null) kernel.close();
        kernel = null;
    }
}
