package dev.routec.tests.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.routec.compiler.ast.Policy.Hook;
import dev.routec.compiler.ast.Property.PacketClass;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.diag.Code;
import dev.routec.compiler.diag.Diagnostic;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import dev.routec.compiler.testing.PacketDraws;
import dev.routec.testkit.Malform;
import dev.routec.testkit.PolicyUnderTest;
import dev.routec.tests.KernelAvailable;
import dev.routec.tests.diff.GenPolicy.And;
import dev.routec.tests.diff.GenPolicy.Atom;
import dev.routec.tests.diff.GenPolicy.Attach;
import dev.routec.tests.diff.GenPolicy.Cond;
import dev.routec.tests.diff.GenPolicy.Rule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Metamorphic properties, each on random policies (QuickTheories, fixed seeds) and random packets,
 * every packet through the kernel and the interpreter (which must also agree with each other):
 *
 * <ul>
 *   <li>renaming every rule, set, map, pool and constant changes no behaviour (verdict, deciding
 *       rule up to the renaming, interface, mark, output bytes, effects, counted rules);
 *   <li>inserting a rule the checker reports as shadowed (W0101) or unreachable (W0102) changes no
 *       verdict, deciding rule, interface, mark, output or counter;
 *   <li>a policy valid at every hook behaves the same at xdp, tc ingress and tc egress (everything
 *       but the mark, which XDP does not have).
 * </ul>
 */
@KernelAvailable
class MetamorphicTest {
    static final int EXAMPLES = 14, PACKETS = 60, MAX_RULES = 25;

    /** What a packet's outcome looks like from outside, with rule names passed through {@code names}. */
    record Seen(
            String verdict,
            String rule,
            String iface,
            String mark,
            String output,
            List<String> effects,
            List<String> counted) {
        static Seen of(Result r, UnaryOperator<String> names, boolean withMark) {
            List<String> effects = r.effects().stream()
                    .map(e -> switch (e) {
                        case Result.Mirror m -> "mirror " + names.apply(m.rule()) + " " + m.iface();
                        case Result.Log l ->
                            "log " + names.apply(l.rule()) + " " + l.tag().orElse("-");
                    })
                    .toList();
            return new Seen(
                    r.verdict().word(),
                    names.apply(r.rule()),
                    r.iface().orElse("-"),
                    withMark ? String.valueOf(r.mark()) : "-",
                    HexFormat.of().formatHex(r.output().bytes()),
                    effects,
                    r.counters().stream().map(c -> names.apply(c.rule())).toList());
        }
    }

    /** Packets for a policy: biased draws of every class, a quarter malformed; the same for the same seed. */
    static List<Frame> packets(CheckedPolicy p, long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Frame> out = new ArrayList<>();
        PacketClass[] classes = PacketClass.values();
        for (int i = 0; i < n; i++) {
            Frame f = PacketBuilder.build(
                    PacketDraws.of(p, classes[r.nextInt(classes.length)]).draw(r));
            out.add(r.nextInt(4) == 0 ? Malform.mutate(f, r) : f);
        }
        return out;
    }

    static CheckedPolicy check(GenPolicy p) {
        Frontend.Result r = Frontend.check(new SourceFile("m.route", p.text()));
        assertTrue(r.ok(), () -> "does not check:\n" + p.text() + r.diags().sorted());
        return r.policies().get(0);
    }

    static PolicyUnderTest load(GenPolicy p) {
        return PolicyUnderTest.fromSource("m.route", p.text(), null);
    }

    /**
     * Runs the same frames at the same hooks through two policies (each kernel and interpreter) and
     * requires the same outcomes, up to {@code names} (from the first policy's rule names to the
     * second's).
     */
    static void sameBehaviour(GenPolicy a, GenPolicy b, UnaryOperator<String> names, List<Frame> frames) {
        try (PolicyUnderTest pa = load(a);
                PolicyUnderTest pb = load(b)) {
            for (int i = 0; i < frames.size(); i++) {
                for (Hook h : a.hooks()) {
                    Result ra = pa.run(frames.get(i), h).result(),
                            rb = pb.run(frames.get(i), h).result();
                    int n = i;
                    assertEquals(
                            Seen.of(ra, names, true),
                            Seen.of(rb, UnaryOperator.identity(), true),
                            () -> "packet " + n + " at " + h.text + " ["
                                    + HexFormat.of().formatHex(frames.get(n).bytes()) + "] behaves differently in\n"
                                    + a.text() + "and\n" + b.text());
                }
            }
        }
    }

    @Test
    void renamingRulesSetsMapsPoolsAndConstantsChangesNothing() {
        qt().withFixedSeed(0x4e41_4d45L)
                .withExamples(EXAMPLES)
                .withShrinkCycles(30)
                .forAll(PolicyGenerator.policies(MAX_RULES))
                .checkAssert(p -> {
                    Map<String, String> memo = new HashMap<>();
                    UnaryOperator<String> rename = GenPolicy.scramble(memo);
                    GenPolicy q = p.renamed(rename);
                    assertTrue(!memo.isEmpty() && !q.text().equals(p.text()), "nothing was renamed");
                    sameBehaviour(
                            p,
                            q,
                            n -> memo.getOrDefault(n, n),
                            packets(check(p), p.text().hashCode(), PACKETS));
                });
    }

    /** A rule after rule {@code i} whose condition implies rule i's: the checker should call it shadowed. */
    static Optional<GenPolicy> withShadowed(GenPolicy p, SplittableRandom r, boolean xdp) {
        List<Integer> deciders = new ArrayList<>();
        for (int i = 0; i < p.rules().size(); i++) if (decides(p.rules().get(i))) deciders.add(i);
        if (deciders.isEmpty()) return Optional.empty();
        int i = deciders.get(r.nextInt(deciders.size()));
        Rule shadowing = p.rules().get(i);
        String[] extra = {"tcp", "udp", "dport == 80", "ip.ttl < 10", "src in 10.0.0.0/8", "not arp", "len > 60"};
        Optional<Cond> when =
                shadowing.when().map(c -> r.nextBoolean() ? c : new And(c, new Atom(extra[r.nextInt(extra.length)])));
        String[][] acts = xdp
                ? new String[][] {{"pass"}, {"drop"}, {"log \"s\"", "redirect \"out0\""}, {"set ttl = 3", "route"}}
                : new String[][] {
                    {"pass"}, {"drop"}, {"mirror \"mon0\"", "set mark = 9", "redirect \"out0\""}, {"set dscp = 5"}
                };
        Rule inserted = new Rule("r_99999", when, List.of(acts[r.nextInt(acts.length)]));
        List<Rule> rules = new ArrayList<>(p.rules());
        rules.add(i + 1 + r.nextInt(rules.size() - i), inserted);
        return Optional.of(p.withRules(rules));
    }

    static boolean decides(Rule r) {
        String last = r.actions().get(r.actions().size() - 1);
        return last.equals("pass") || last.equals("drop") || last.startsWith("redirect") || last.startsWith("route");
    }

    /** Whether the checker warns that rule {@code name} is shadowed or never reached. */
    static boolean reportedShadowed(GenPolicy p, String name) {
        Frontend.Result r = Frontend.check(new SourceFile("m.route", p.text()));
        if (!r.ok()) return false;
        for (Diagnostic d : r.diags().all())
            if ((d.code() == Code.SHADOWED_RULE || d.code() == Code.UNREACHABLE_RULE)
                    && d.span().text().equals(name)) return true;
        return false;
    }

    @Test
    void insertingARuleTheCheckerCallsShadowedChangesNoVerdict() {
        int[] confirmed = {0};
        qt().withFixedSeed(0x5ad0_0eedL)
                .withExamples(EXAMPLES * 2)
                .withShrinkCycles(30)
                .forAll(PolicyGenerator.policies(MAX_RULES))
                .checkAssert(p -> {
                    SplittableRandom r = new SplittableRandom(p.text().hashCode());
                    boolean xdp = p.hooks().contains(Hook.XDP);
                    for (int attempt = 0; attempt < 4; attempt++) {
                        Optional<GenPolicy> q = withShadowed(p, r, xdp);
                        if (q.isEmpty()) return;
                        if (!reportedShadowed(q.get(), "r_99999")) continue;
                        confirmed[0]++;
                        sameBehaviour(p, q.get(), UnaryOperator.identity(), packets(check(p), r.nextLong(), PACKETS));
                        return;
                    }
                });
        System.out.println("shadowed-rule insertion: " + confirmed[0] + " policies with a rule the checker reported");
        assertTrue(confirmed[0] >= EXAMPLES / 2, "too few confirmed shadowed insertions: " + confirmed[0]);
    }

    @Test
    void tcAndXdpAgreeOnPoliciesValidAtBoth() {
        qt().withFixedSeed(0x7c_7d9L)
                .withExamples(EXAMPLES)
                .withShrinkCycles(30)
                .forAll(PolicyGenerator.policies(MAX_RULES, EnumSet.of(Hook.XDP)))
                .checkAssert(p -> {
                    Optional<String> on = p.attaches().get(0).iface();
                    GenPolicy xdp = p.withAttaches(List.of(new Attach(Hook.XDP, on)));
                    List<Frame> frames = packets(check(xdp), p.text().hashCode(), PACKETS);
                    for (Hook tc : List.of(Hook.TC_INGRESS, Hook.TC_EGRESS)) {
                        GenPolicy other = p.withAttaches(List.of(new Attach(tc, on)));
                        sameAtHooks(xdp, other, frames);
                    }
                });
    }

    /** Everything but the mark agrees between a policy at one hook and the same policy at another. */
    static void sameAtHooks(GenPolicy a, GenPolicy b, List<Frame> frames) {
        Hook ha = a.hooks().get(0), hb = b.hooks().get(0);
        try (PolicyUnderTest pa = load(a);
                PolicyUnderTest pb = load(b)) {
            for (int i = 0; i < frames.size(); i++) {
                Result ra = pa.run(frames.get(i), ha).result(),
                        rb = pb.run(frames.get(i), hb).result();
                int n = i;
                assertEquals(
                        Seen.of(ra, UnaryOperator.identity(), false),
                        Seen.of(rb, UnaryOperator.identity(), false),
                        () -> "packet " + n + " ["
                                + HexFormat.of().formatHex(frames.get(n).bytes()) + "] at " + ha.text + " and "
                                + hb.text + " differs:\n" + a.text());
            }
        }
    }
}
