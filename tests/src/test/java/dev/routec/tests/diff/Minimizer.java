package dev.routec.tests.diff;

import dev.routec.compiler.ast.Policy.Hook;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.packet.PacketDissector;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.pipeline.Backend;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import dev.routec.compiler.testing.PacketDraws;
import dev.routec.testkit.Notation;
import dev.routec.testkit.PolicyUnderTest;
import dev.routec.tests.diff.Campaign.Failure;
import dev.routec.tests.diff.Campaign.Step;
import dev.routec.tests.diff.GenPolicy.Attach;
import dev.routec.tests.diff.GenPolicy.Cond;
import dev.routec.tests.diff.GenPolicy.Decl;
import dev.routec.tests.diff.GenPolicy.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Shrinks a disagreement to a small regression case, keeping the same kinds of difference
 * (verdict, rule, output bytes, counters, …): first the packets that ran before it on the same
 * state (often none are needed), then the policy (hooks, rules, actions, conditions to their parts,
 * declarations — each candidate compiled and loaded, within a budget), then the packet itself with
 * {@code routec test}'s shrinker (a malformed frame only by cutting its tail). Prints the result as a
 * {@code .route} file with {@code # run} lines, the regression fixture format of {@code
 * resources/regressions}.
 */
final class Minimizer {
    /** Policy candidates (each compiled and loaded) the shrinker may try. */
    static final int POLICY_BUDGET = 250;

    /** The last few policies loaded (each holds a BPF object), and the texts that did not compile. */
    private final Map<String, PolicyUnderTest> loaded = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PolicyUnderTest> e) {
            if (size() <= 4) return false;
            e.getValue().close();
            return true;
        }
    };

    private final Set<String> refused = new java.util.HashSet<>();
    private final Set<String> kinds;
    private int compiles;

    private Minimizer(List<String> differences) {
        this.kinds = kinds(differences);
    }

    /** The aspects that differ: the words before the first colon ({@code verdict}, {@code counters}). */
    static Set<String> kinds(List<String> differences) {
        Set<String> out = new TreeSet<>();
        for (String d : differences) out.add(d.split("[: ]", 2)[0]);
        return out;
    }

    /** The shrunk case. */
    record Shrunk(GenPolicy policy, List<Step> steps, List<String> differences) {
        String fixture() {
            StringBuilder sb = new StringBuilder(policy.text());
            for (Step s : steps) sb.append(runLine(s)).append('\n');
            return sb.toString();
        }
    }

    static String runLine(Step s) {
        if (s.control().isPresent()) return "# " + s.control().get();
        Frame f = s.frame();
        Optional<String> exact = s.spec()
                .map(Notation::print)
                .filter(n -> Arrays.equals(Notation.frame(n).bytes(), f.bytes()));
        if (exact.isEmpty()) {
            String n = Notation.print(f);
            if (Arrays.equals(Notation.frame(n).bytes(), f.bytes())) exact = Optional.of(n);
        }
        if (exact.isPresent()) return "# run " + s.hook().text + ": " + exact.get();
        StringBuilder sb = new StringBuilder(
                "# run " + s.hook().text + " hex: " + HexFormat.of().formatHex(f.bytes()));
        if (!f.iif().equals(PacketSpec.DEFAULT_IIF)) sb.append(" iif ").append(f.iif());
        if (f.mark() != 0) sb.append(" mark ").append(f.mark());
        return sb.toString();
    }

    static Shrunk shrink(Failure f) {
        Minimizer m = new Minimizer(f.differences());
        try {
            return m.run(f);
        } finally {
            m.close();
        }
    }

    private Shrunk run(Failure f) {
        GenPolicy p = f.policy();
        List<Step> steps = new ArrayList<>(f.history());
        steps.add(f.step());
        steps = history(p, steps);
        p = policy(p, steps);
        steps = packet(p, steps);
        return new Shrunk(p, steps, differences(p, steps).orElse(f.differences()));
    }

    // ---- replay

    private Optional<PolicyUnderTest> load(GenPolicy p) {
        String t = p.text();
        if (loaded.containsKey(t)) return Optional.of(loaded.get(t));
        if (refused.contains(t) || compiles >= POLICY_BUDGET) return Optional.empty();
        Frontend.Result r = Frontend.check(new SourceFile("shrink.route", t));
        if (!r.ok()) {
            refused.add(t);
            return Optional.empty();
        }
        compiles++;
        CheckedPolicy cp = r.policies().get(0);
        try {
            PolicyUnderTest put = PolicyUnderTest.of(cp, t, Backend.compile(cp));
            loaded.put(t, put);
            return Optional.of(put);
        } catch (RuntimeException e) {
            refused.add(t);
            return Optional.empty();
        }
    }

    /** The differences of the last step after replaying all of them on fresh state, if any. */
    private Optional<List<String>> differences(GenPolicy p, List<Step> steps) {
        Optional<PolicyUnderTest> put = load(p);
        if (put.isEmpty() || steps.isEmpty()) return Optional.empty();
        PolicyUnderTest u = put.get();
        if (!u.hooks().contains(steps.get(steps.size() - 1).hook())) return Optional.empty();
        u.reset();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (s.control().isPresent()) {
                try {
                    s.apply(u);
                } catch (RuntimeException e) {
                    return Optional.empty(); // the container is gone or full in this candidate
                }
                continue;
            }
            if (!u.hooks().contains(s.hook())) continue;
            List<String> d = u.compare(s.frame(), s.hook()).differences();
            if (i == steps.size() - 1) return d.isEmpty() ? Optional.empty() : Optional.of(d);
            if (!d.isEmpty()) return Optional.empty(); // an earlier packet disagrees differently
        }
        return Optional.empty();
    }

    private boolean fails(GenPolicy p, List<Step> steps) {
        return differences(p, steps).map(d -> kinds(d).equals(kinds)).orElse(false);
    }

    // ---- the packets before it

    private List<Step> history(GenPolicy p, List<Step> steps) {
        Step last = steps.get(steps.size() - 1);
        if (fails(p, List.of(last))) return List.of(last);
        List<Step> cur = steps;
        for (int chunk = Math.max(1, (cur.size() - 1) / 2); chunk >= 1; chunk /= 2) {
            for (int at = 0; at + 1 < cur.size(); ) {
                int end = Math.min(at + chunk, cur.size() - 1);
                List<Step> cand = new ArrayList<>(cur.subList(0, at));
                cand.addAll(cur.subList(end, cur.size()));
                if (fails(p, cand)) cur = cand;
                else at = end;
            }
        }
        return cur;
    }

    // ---- the policy

    private GenPolicy policy(GenPolicy p, List<Step> steps) {
        GenPolicy cur = p;
        boolean progress = true;
        while (progress && compiles < POLICY_BUDGET) {
            progress = false;
            for (GenPolicy c : candidates(cur, steps)) {
                if (c.text().length() >= cur.text().length()) continue;
                if (fails(c, steps)) {
                    cur = c;
                    progress = true;
                    break;
                }
                if (compiles >= POLICY_BUDGET) break;
            }
        }
        return cur;
    }

    private static List<GenPolicy> candidates(GenPolicy p, List<Step> steps) {
        List<GenPolicy> out = new ArrayList<>();
        Set<Hook> used = new TreeSet<>();
        for (Step s : steps) if (s.control().isEmpty()) used.add(s.hook());
        List<Attach> keep =
                p.attaches().stream().filter(a -> used.contains(a.hook())).toList();
        if (keep.size() < p.attaches().size() && !keep.isEmpty()) out.add(p.withAttaches(keep));
        List<Rule> rules = p.rules();
        for (int n = rules.size() / 2; n >= 1; n /= 2)
            for (int at = 0; at + n <= rules.size(); at += n) {
                List<Rule> rs = new ArrayList<>(rules.subList(0, at));
                rs.addAll(rules.subList(at + n, rules.size()));
                out.add(p.withRules(rs));
            }
        if (!p.dflt().isEmpty()) out.add(p.withDefault(List.of()));
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            for (int a = 0; a < r.actions().size() && r.actions().size() > 1; a++) {
                List<String> as = new ArrayList<>(r.actions());
                as.remove(a);
                out.add(replace(p, i, new Rule(r.name(), r.when(), as)));
            }
            if (r.when().isPresent()) {
                out.add(replace(p, i, new Rule(r.name(), Optional.empty(), r.actions())));
                for (Cond c : r.when().get().parts())
                    if (c != r.when().get()) out.add(replace(p, i, new Rule(r.name(), Optional.of(c), r.actions())));
            }
        }
        if (p.dflt().size() > 1)
            out.add(p.withDefault(p.dflt().subList(p.dflt().size() - 1, p.dflt().size())));
        for (int d = 0; d < p.decls().size(); d++) {
            List<Decl> ds = new ArrayList<>(p.decls());
            ds.remove(d);
            out.add(p.withDecls(ds));
        }
        for (int d = 0; d < p.decls().size(); d++) {
            Decl decl = p.decls().get(d);
            int eq = decl.text().indexOf(" = {");
            if (eq < 0 || decl.text().startsWith("const")) continue;
            String body = decl.text().substring(eq + 4, decl.text().length() - 1);
            String[] elems = body.isBlank() ? new String[0] : body.split(", (?![^\\[]*\\])");
            for (int e = 0; e < elems.length; e++) {
                List<String> es = new ArrayList<>(Arrays.asList(elems));
                es.remove(e);
                List<Decl> ds = new ArrayList<>(p.decls());
                ds.set(d, new Decl(decl.name(), decl.text().substring(0, eq + 4) + String.join(", ", es) + "}"));
                out.add(p.withDecls(ds));
            }
        }
        return out;
    }

    private static GenPolicy replace(GenPolicy p, int i, Rule r) {
        List<Rule> rs = new ArrayList<>(p.rules());
        rs.set(i, r);
        return p.withRules(rs);
    }

    // ---- the packet

    private List<Step> packet(GenPolicy p, List<Step> steps) {
        int last = steps.size() - 1;
        Step s = steps.get(last);
        List<Step> before = steps.subList(0, last);
        Step out = s;
        if (s.spec().isPresent()) {
            PacketSpec small = PacketDraws.shrink(
                    s.spec().get(),
                    c -> fails(p, with(before, new Step(PacketBuilder.build(c), Optional.of(c), s.hook()))),
                    2000);
            out = new Step(PacketBuilder.build(small), Optional.of(small), s.hook());
        } else {
            Frame f = s.frame();
            for (int n = f.length() - 1; n >= 0; n--) {
                Frame cut = f.withBytes(Arrays.copyOf(f.bytes(), n));
                if (fails(p, with(before, new Step(cut, Optional.empty(), s.hook())))) f = cut;
                else if (n < f.length() - 64) break;
            }
            PacketSpec d = PacketDissector.dissect(f);
            boolean exact = Arrays.equals(PacketBuilder.build(d).bytes(), f.bytes());
            out = new Step(f, exact ? Optional.of(d) : Optional.empty(), s.hook());
        }
        return with(before, out);
    }

    private static List<Step> with(List<Step> before, Step s) {
        List<Step> out = new ArrayList<>(before);
        out.add(s);
        return out;
    }

    private void close() {
        for (PolicyUnderTest p : loaded.values()) p.close();
        loaded.clear();
    }

    /** A step's packet for messages. */
    static String describe(Step s) {
        byte[] b = s.frame().bytes();
        String hex = HexFormat.of().formatHex(b, 0, Math.min(b.length, 96)) + (b.length > 96 ? "..." : "");
        return s.hook().text + ": " + Notation.print(s.frame()) + " [" + b.length + " bytes: " + hex + "]";
    }
}
