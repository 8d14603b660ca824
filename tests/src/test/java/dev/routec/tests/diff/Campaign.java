package dev.routec.tests.diff;

import dev.routec.compiler.ast.Policy.Hook;
import dev.routec.compiler.ast.Property.PacketClass;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.diag.Diagnostic;
import dev.routec.compiler.diag.Renderer;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.packet.PacketDissector;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.packet.PacketView;
import dev.routec.compiler.pipeline.Backend;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import dev.routec.compiler.testing.PacketDraws;
import dev.routec.testkit.Malform;
import dev.routec.testkit.PolicyUnderTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * The differential campaign: random policies ({@link PolicyGenerator}), each compiled once and run
 * on many packets ({@link PacketDraws}, biased toward the policy's values, every class, a share of
 * them malformed by {@link Malform}) at every hook it attaches at, through the kernel and the
 * interpreter with persistent state (flows, buckets, counters), every packet at the same instant.
 * Every (packet, hook) run is one compared pair. Compiling dominates the cost, so the next policies
 * are checked and compiled on a second thread while the current one runs. The first disagreement
 * of a policy ends that policy (its state may have diverged); disagreements are shrunk afterwards
 * ({@link Minimizer}).
 */
final class Campaign {
    /** What to run. Everything derives from {@code seed}: the same configuration runs the same pairs. */
    record Config(long seed, int policies, int packets, double malformed, int maxRules) {}

    /**
     * One packet run at one hook ({@code spec} is empty for a malformed frame), or a control step
     * between packets: {@code given X} (runtime contents) or {@code clock N} (the instant, in ns).
     */
    record Step(Frame frame, Optional<PacketSpec> spec, Hook hook, Optional<String> control) {
        Step(Frame frame, Optional<PacketSpec> spec, Hook hook) {
            this(frame, spec, hook, Optional.empty());
        }

        static Step control(String text) {
            return new Step(Frame.of(new byte[0]), Optional.empty(), Hook.TC_INGRESS, Optional.of(text));
        }

        /** Applies a control step to both engines of {@code put}. */
        void apply(PolicyUnderTest put) {
            String c = control.orElseThrow();
            if (c.startsWith("given ")) put.given(c.substring("given ".length()));
            else if (c.startsWith("clock ")) put.setClock(Long.parseLong(c.substring("clock ".length())));
            else throw new IllegalArgumentException("unknown step " + c);
        }
    }

    /** Clock steps: mostly none (packets of a burst), now and then microseconds to minutes later. */
    private static final long[] ADVANCES_NS = {
        1_000, 1_000_000, 100_000_000, 1_000_000_000, 61_000_000_000L, 600_000_000_000L
    };

    /** A disagreement: the policy, the packets run before it on the same state, and the differences. */
    record Failure(int index, GenPolicy policy, List<Step> history, Step step, List<String> differences) {}

    /** A generated policy the checker, clang or the verifier refused. */
    record Rejection(int index, GenPolicy policy, String why) {}

    /** What the compared runs did, to show the campaign exercises the datapath and not only the default. */
    static final class Stats {
        long byRule,
                byDefault,
                drop,
                pass,
                redirect,
                route,
                rewritten,
                limited,
                poolEmpty,
                effects,
                replies,
                malformed,
                countedEffectOnly,
                givens,
                clockSteps;

        void add(Result r, Frame in) {
            if (r.rule().equals("default")) byDefault++;
            else byRule++;
            switch (r.verdict()) {
                case DROP -> drop++;
                case PASS -> pass++;
                case REDIRECT -> redirect++;
                case ROUTE -> route++;
            }
            if (!Arrays.equals(in.bytes(), r.output().bytes()) || r.mark().orElse(in.mark()) != in.mark()) rewritten++;
            if (r.cause() == Result.Cause.LIMIT) limited++;
            if (r.cause() == Result.Cause.EMPTY_POOL) poolEmpty++;
            effects += r.effects().size();
            if (r.counters().size() > 1) countedEffectOnly++;
        }

        @Override
        public String toString() {
            return String.format(
                    "decided by a rule %d, by the default %d; drop %d, pass %d, redirect %d, route %d; rewritten %d;"
                            + " over a limit %d; empty pool %d; mirror/log effects %d; with effect-only rules counted"
                            + " %d; replies to translated packets %d; malformed packets %d; runtime content changes %d; clock steps %d",
                    byRule,
                    byDefault,
                    drop,
                    pass,
                    redirect,
                    route,
                    rewritten,
                    limited,
                    poolEmpty,
                    effects,
                    countedEffectOnly,
                    replies,
                    malformed,
                    givens,
                    clockSteps);
        }
    }

    record Report(
            Config config,
            Stats stats,
            int policies,
            long pairs,
            long packets,
            List<Failure> failures,
            List<Rejection> rejections,
            long compileNanos,
            long loadNanos,
            long runNanos,
            long wallNanos) {
        String summary() {
            return String.format(
                            "differential campaign: seed 0x%x, %d policies, %d packets, %d kernel/interpreter pairs compared,"
                                    + " %d disagreement(s), %d rejected; wall %.1f s (compile %.1f s on the side thread, load"
                                    + " %.1f s, runs %.1f s)",
                            config.seed(),
                            policies,
                            packets,
                            pairs,
                            failures.size(),
                            rejections.size(),
                            wallNanos / 1e9,
                            compileNanos / 1e9,
                            loadNanos / 1e9,
                            runNanos / 1e9)
                    + "\n  " + stats;
        }
    }

    private record Prepared(
            int index,
            GenPolicy policy,
            Optional<CheckedPolicy> checked,
            Optional<Backend.Compiled> compiled,
            String why,
            long nanos) {}

    private static final PacketClass[] CLASSES = {
        PacketClass.ANY,
        PacketClass.ANY,
        PacketClass.ANY,
        PacketClass.TCP,
        PacketClass.UDP,
        PacketClass.ICMP,
        PacketClass.IPV4,
        PacketClass.IPV6
    };

    private Campaign() {}

    /** The seed of policy {@code i} of a campaign. */
    static long policySeed(long seed, int i) {
        return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (i + 1))).nextLong();
    }

    static GenPolicy policy(Config c, int i) {
        return PolicyGenerator.generate(new SplittableRandom(policySeed(c.seed(), i)), "p" + i, c.maxRules());
    }

    static Report run(Config c) {
        long start = System.nanoTime();
        ExecutorService side = Executors.newSingleThreadExecutor(t -> {
            Thread th = new Thread(t, "routec-diff-compile");
            th.setDaemon(true);
            return th;
        });
        List<Failure> failures = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        Stats stats = new Stats();
        long pairs = 0, packets = 0, compile = 0, load = 0, runs = 0;
        int done = 0;
        try {
            List<Future<Prepared>> ahead = new ArrayList<>();
            for (int i = 0; i < Math.min(2, c.policies()); i++) ahead.add(submit(side, c, i));
            for (int i = 0; i < c.policies(); i++) {
                Prepared p = ahead.remove(0).get();
                if (i + 2 < c.policies()) ahead.add(submit(side, c, i + 2));
                compile += p.nanos();
                if (p.compiled().isEmpty()) {
                    rejections.add(new Rejection(i, p.policy(), p.why()));
                    continue;
                }
                long t0 = System.nanoTime();
                PolicyUnderTest put;
                try {
                    put = PolicyUnderTest.of(
                            p.checked().get(), p.policy().text(), p.compiled().get());
                } catch (RuntimeException e) {
                    rejections.add(new Rejection(i, p.policy(), "load: " + e.getMessage()));
                    continue;
                }
                long t1 = System.nanoTime();
                load += t1 - t0;
                try (put) {
                    Counts n = packets(c, i, p, put, failures, stats);
                    pairs += n.pairs();
                    packets += n.packets();
                }
                runs += System.nanoTime() - t1;
                done++;
            }
        } catch (Exception e) {
            throw new IllegalStateException("the campaign broke down", e);
        } finally {
            side.shutdownNow();
        }
        return new Report(
                c, stats, done, pairs, packets, failures, rejections, compile, load, runs, System.nanoTime() - start);
    }

    private static Future<Prepared> submit(ExecutorService side, Config c, int i) {
        return side.submit(() -> prepare(i, policy(c, i)));
    }

    static Prepared prepare(int i, GenPolicy gp) {
        long t0 = System.nanoTime();
        Frontend.Result fr = Frontend.check(new SourceFile("p" + i + ".route", gp.text()));
        if (!fr.ok())
            return new Prepared(
                    i,
                    gp,
                    Optional.empty(),
                    Optional.empty(),
                    "does not check (a generator bug):\n"
                            + fr.diags().sorted().stream()
                                    .filter(Diagnostic::isError)
                                    .map(Renderer::render)
                                    .collect(Collectors.joining()),
                    System.nanoTime() - t0);
        CheckedPolicy cp = fr.policies().get(0);
        try {
            Backend.Compiled compiled = Backend.compile(cp);
            return new Prepared(i, gp, Optional.of(cp), Optional.of(compiled), "", System.nanoTime() - t0);
        } catch (RuntimeException e) {
            return new Prepared(i, gp, Optional.of(cp), Optional.empty(), "compile: " + e, System.nanoTime() - t0);
        }
    }

    private record Counts(long pairs, long packets) {}

    private static Counts packets(
            Config c, int i, Prepared p, PolicyUnderTest put, List<Failure> failures, Stats stats) {
        SplittableRandom r = new SplittableRandom(policySeed(c.seed(), i) ^ 0x5eedL);
        List<Hook> hooks = p.policy().hooks();
        List<Step> history = new ArrayList<>();
        PacketDraws[] draws = new PacketDraws[CLASSES.length];
        List<PacketSpec> translated = new ArrayList<>();
        long pairs = 0, n = 0;
        List<GenPolicy.Decl> containers = p.policy().decls().stream()
                .filter(d -> !d.text().startsWith("const"))
                .toList();
        for (int j = 0; j < c.packets(); j++) {
            if (!containers.isEmpty() && r.nextDouble() < 0.04) {
                // runtime contents change between packets, on both engines
                Step g =
                        Step.control("given " + PolicyGenerator.given(r, containers.get(r.nextInt(containers.size()))));
                try {
                    g.apply(put);
                    history.add(g);
                    stats.givens++;
                } catch (IllegalStateException full) {
                    // one element into a full container: refused before either engine changed
                }
            }
            if (r.nextDouble() < 0.12) {
                // time passes: token buckets refill
                Step t = Step.control("clock " + (put.clock() + ADVANCES_NS[r.nextInt(ADVANCES_NS.length)]));
                t.apply(put);
                history.add(t);
                stats.clockSteps++;
            }
            Step base;
            if (!translated.isEmpty() && r.nextDouble() < 0.3) {
                // a reply to a packet a dnat/snat rewrote: the flow table's reverse rewrite
                PacketSpec reply = reply(translated.get(r.nextInt(translated.size())));
                base = new Step(PacketBuilder.build(reply), Optional.of(reply), Hook.TC_INGRESS);
                stats.replies++;
            } else {
                int k = r.nextInt(CLASSES.length);
                if (draws[k] == null) draws[k] = PacketDraws.of(p.checked().get(), CLASSES[k]);
                base = step(draws[k].draw(r), r, c.malformed());
                if (base.spec().isEmpty()) stats.malformed++;
            }
            n++;
            for (Hook h : hooks) {
                Step s = new Step(base.frame(), base.spec(), h);
                PolicyUnderTest.Compared cmp = put.compare(s.frame(), h);
                pairs++;
                if (!cmp.differences().isEmpty()) {
                    failures.add(new Failure(i, p.policy(), List.copyOf(history), s, cmp.differences()));
                    return new Counts(pairs, n);
                }
                history.add(s);
                Result res = cmp.outcome().result();
                stats.add(res, s.frame());
                if (base.spec().isPresent() && translatedAddresses(s.frame(), res.output()) && translated.size() < 64)
                    translated.add(PacketDissector.dissect(res.output()));
            }
        }
        return new Counts(pairs, n);
    }

    /** Whether a rewrite changed the addresses or ports (a NAT, whose replies the flow table reverses). */
    private static boolean translatedAddresses(Frame in, Frame out) {
        PacketView a = PacketView.of(in), b = PacketView.of(out);
        if (!a.hasIp() || !b.hasIp()) return false;
        return !a.src().equals(b.src())
                || !a.dst().equals(b.dst())
                || (a.hasPorts() && b.hasPorts() && (a.sport() != b.sport() || a.dport() != b.dport()));
    }

    /** The reply to a packet: addresses, ports and MACs swapped; TCP flags of an answer. */
    static PacketSpec reply(PacketSpec s) {
        PacketSpec.L3 l3 =
                switch (s.l3()) {
                    case PacketSpec.PortL3 x ->
                        new PacketSpec.PortL3(
                                x.proto(),
                                x.dst(),
                                x.dport(),
                                x.src(),
                                x.sport(),
                                x.flags().isEmpty()
                                        ? x.flags()
                                        : EnumSet.of(PacketSpec.TcpFlag.SYN, PacketSpec.TcpFlag.ACK));
                    case PacketSpec.IcmpL3 x -> new PacketSpec.IcmpL3(x.v6(), x.dst(), x.src(), x.v6() ? 129 : 0, 0);
                    case PacketSpec.IpL3 x -> new PacketSpec.IpL3(x.proto(), x.dst(), x.src());
                    default -> s.l3();
                };
        return new PacketSpec(
                s.ethDst(),
                s.ethSrc(),
                l3,
                s.iif(),
                s.vlan(),
                s.ttl(),
                s.dscp(),
                OptionalInt.empty(),
                s.mark(),
                s.frag(),
                s.payload());
    }

    private static Step step(PacketSpec spec, SplittableRandom r, double malformed) {
        Frame f = PacketBuilder.build(spec);
        if (r.nextDouble() < malformed) return new Step(Malform.mutate(f, r), Optional.empty(), Hook.TC_INGRESS);
        return new Step(f, Optional.of(spec), Hook.TC_INGRESS);
    }
}
