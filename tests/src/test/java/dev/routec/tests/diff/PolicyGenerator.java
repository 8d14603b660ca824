package dev.routec.tests.diff;

import dev.routec.compiler.ast.Policy.Hook;
import dev.routec.testkit.SourceRandom;
import dev.routec.tests.diff.GenPolicy.And;
import dev.routec.tests.diff.GenPolicy.Atom;
import dev.routec.tests.diff.GenPolicy.Attach;
import dev.routec.tests.diff.GenPolicy.Cond;
import dev.routec.tests.diff.GenPolicy.Decl;
import dev.routec.tests.diff.GenPolicy.Rule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quicktheories.core.Gen;

/**
 * Random well-typed policies over every construct of LANGUAGE.md the back end compiles: all three
 * hooks (with and without {@code on}), constants, sets, maps and pools of every type with contents,
 * every field in comparisons, ranges, literal sets, masks, memberships and map reads, every action
 * (NAT with the family guard it needs, {@code set mark/dscp/ttl} with constant, field and map-read
 * values, {@code limit} with every {@code per}, {@code log}, {@code mirror} and {@code set mark} only
 * where no XDP hook forbids them, {@code redirect}, {@code route} with table and via), effect-only
 * rules and a default with effects. Up to {@link #MAX_RULES} rules.
 *
 * <p>Values come from small universes shared with the packet generator's bias (the policy's own
 * values), so rules match often; every generated policy must pass the checker without errors (the
 * suite counts a rejection as a generator bug). Written against {@link RandomGenerator}: {@link
 * #policies()} is the QuickTheories generator, and the campaign drives the same code from a seed.
 */
final class PolicyGenerator extends Draws {
    static final int MAX_RULES = 50;

    private final int maxRules;
    private CondGenerator conds;
    private boolean tcOnly;
    private final List<Container> containers = new ArrayList<>();
    private final List<Const> consts = new ArrayList<>();
    private final List<Decl> decls = new ArrayList<>();
    private int next;

    /** A declared set, map or pool: what a condition may test against it. */
    record Container(String name, String kind, String keyType, String valueType) {}

    /** A declared constant and what it is: addr4, addr6, net4, net6, port, ports. */
    record Const(String name, String kind) {}

    private PolicyGenerator(RandomGenerator r, int maxRules) {
        super(r);
        this.maxRules = maxRules;
    }

    /** One policy of up to {@code maxRules} rules. */
    static GenPolicy generate(RandomGenerator r, String name, int maxRules) {
        return new PolicyGenerator(r, maxRules).policy(name, EnumSet.allOf(Hook.class));
    }

    /** One policy attached at exactly these hooks (none of the TC-only constructs when XDP is among them). */
    static GenPolicy generate(RandomGenerator r, String name, int maxRules, Set<Hook> hooks) {
        return new PolicyGenerator(r, maxRules).policy(name, hooks);
    }

    /** The QuickTheories generator of policies of up to {@code maxRules} rules. */
    static Gen<GenPolicy> policies(int maxRules) {
        return SourceRandom.gen(r -> generate(r, "gen", maxRules)).describedAs(GenPolicy::text);
    }

    /** Policies valid at every hook (no TC-only construct), attached at {@code hooks}. */
    static Gen<GenPolicy> policies(int maxRules, Set<Hook> hooks) {
        return SourceRandom.gen(r -> generate(r, "gen", maxRules, hooks)).describedAs(GenPolicy::text);
    }

    private String fresh(char kind) {
        return kind + "_" + next++;
    }

    // ---- the policy

    private GenPolicy policy(String name, Set<Hook> allowed) {
        List<Attach> as = attaches(allowed);
        tcOnly = as.isEmpty() || as.stream().allMatch(a -> a.hook().isTc());
        conds = new CondGenerator(r, containers, consts, tcOnly);
        int nDecls = r.nextInt(7);
        for (int i = 0; i < nDecls; i++) decl();
        int nRules = rules();
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < nRules; i++) rules.add(rule());
        return new GenPolicy(name, as, decls, rules, dflt());
    }

    private List<Attach> attaches(Set<Hook> allowed) {
        List<Attach> out = new ArrayList<>();
        List<Hook> hooks = new ArrayList<>(allowed);
        if (allowed.size() == 3 && chance(0.1)) return out; // no attach: tc ingress
        boolean all = allowed.size() < 3;
        for (Hook h : hooks) {
            if (all || chance(0.45))
                out.add(new Attach(h, chance(0.3) ? Optional.of(pick(Universe.IFACES)) : Optional.empty()));
        }
        if (out.isEmpty()) out.add(new Attach(pick(hooks), Optional.empty()));
        if (chance(0.5)) java.util.Collections.shuffle(out, java.util.Random.from(r));
        return out;
    }

    /** Mostly under 20 rules (compiling dominates the suite's time), up to {@link #maxRules}. */
    private int rules() {
        int x = r.nextInt(100);
        int n = x < 50 ? 1 + r.nextInt(8) : x < 85 ? 8 + r.nextInt(13) : 20 + r.nextInt(MAX_RULES - 19);
        return Math.min(n, maxRules);
    }

    // ---- declarations

    private void decl() {
        switch (r.nextInt(9)) {
            case 0, 1 -> set();
            case 2, 3 -> map();
            case 4 -> pool();
            default -> constant();
        }
    }

    private void set() {
        String type = pick(Universe.SET_TYPES);
        String name = fresh('s');
        List<String> elems = distinct(r.nextInt(6), () -> element(type));
        int cap = capacity(Universe.expanded(elems));
        decls.add(new Decl(
                name,
                "set " + name + " : " + type + (cap > 0 ? " capacity " + cap : "")
                        + (elems.isEmpty() && chance(0.5) ? "" : " = {" + String.join(", ", elems) + "}")));
        containers.add(new Container(name, "set", type, ""));
    }

    private void map() {
        String key = pick(Universe.SET_TYPES), value = pick(Universe.VALUE_TYPES);
        String name = fresh('m');
        List<String> keys = distinct(r.nextInt(6), () -> element(key));
        List<String> entries = new ArrayList<>();
        for (String k : keys) entries.add(k + ": " + value(value));
        int cap = capacity(Universe.expanded(entries));
        String dflt = chance(0.5) ? " default " + value(value) : "";
        decls.add(new Decl(
                name,
                "map " + name + " : " + key + " -> " + value + (cap > 0 ? " capacity " + cap : "") + dflt
                        + (entries.isEmpty() && chance(0.5) ? "" : " = {" + String.join(", ", entries) + "}")));
        containers.add(new Container(name, "map", key, value));
    }

    private void pool() {
        boolean withPort = chance(0.4);
        String name = fresh('p');
        List<String> members = distinct(r.nextInt(5), () -> member(withPort));
        int cap = capacity(members.size());
        decls.add(new Decl(
                name,
                "pool " + name + " : ipv4" + (withPort ? ":port" : "") + (cap > 0 ? " capacity " + cap : "")
                        + (members.isEmpty() && chance(0.5) ? "" : " = {" + String.join(", ", members) + "}")));
        containers.add(new Container(name, "pool", withPort ? "ipv4:port" : "ipv4", ""));
    }

    private void constant() {
        String name = fresh('k');
        String kind = pick(new String[] {"addr4", "addr6", "net4", "net6", "port", "ports"});
        String value =
                switch (kind) {
                    case "addr4" -> pick(Universe.V4);
                    case "addr6" -> pick(Universe.V6);
                    case "net4" -> pick(Universe.V4_NETS);
                    case "net6" -> pick(Universe.V6_NETS);
                    case "port" -> String.valueOf(port());
                    default -> intSet(65535, new long[] {53, 80, 443, 8080, 8000});
                };
        decls.add(new Decl(name, "const " + name + " = " + value));
        consts.add(new Const(name, kind));
    }

    /** 0 for no capacity clause; else at least {@code n} (exactly {@code n} now and then). */
    private int capacity(int n) {
        int x = r.nextInt(10);
        if (x < 5) return 0;
        if (x < 7) return Math.max(1, n);
        return Math.max(1, n) + r.nextInt(100);
    }

    private List<String> distinct(int n, java.util.function.Supplier<String> gen) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n * 3 && out.size() < n; i++) {
            String e = gen.get();
            if (out.stream().noneMatch(o -> Universe.same(o, e)) && !Universe.overlapsExpansion(out, e)) out.add(e);
        }
        return out;
    }

    private String element(String type) {
        return switch (type) {
            case "ipv4" -> chance(0.8) ? pick(Universe.V4) : randomV4();
            case "ipv6" -> pick(Universe.V6);
            case "prefix4" -> chance(0.8) ? pick(Universe.V4_NETS) : chance(0.5) ? pick(Universe.V4) : randomNet4();
            case "prefix6" -> chance(0.85) ? pick(Universe.V6_NETS) : pick(Universe.V6);
            case "port" -> chance(0.85) ? String.valueOf(port()) : portRange();
            case "u32" -> chance(0.85) ? String.valueOf(u32()) : (r.nextInt(8)) + ".." + (8 + r.nextInt(8));
            default -> pick(Universe.MACS);
        };
    }

    private String value(String type) {
        return switch (type) {
            case "u8" -> String.valueOf(pick(new long[] {0, 1, 10, 46, 63, 64, 255}));
            case "u16" -> String.valueOf(pick(new long[] {0, 1, 80, 443, 4096, 65535}));
            case "u32", "mark" -> String.valueOf(pick(new long[] {0, 1, 2, 7, 42, 0xffff, 0xffffffffL}));
            case "u64" -> pick(new String[] {"0", "1", "7", "4294967296", "0xffffffffffffffff", "9223372036854775808"});
            case "ipv4" -> pick(Universe.V4);
            case "ipv6" -> pick(Universe.V6);
            default -> String.valueOf(port());
        };
    }

    /** A short range (contents expand ranges into their values, and each counts against the capacity). */
    private String portRange() {
        long lo = chance(0.5) ? pick(new long[] {0, 80, 1024, 8000, 65530}) : r.nextInt(65536);
        long hi = Math.min(65535, lo + r.nextInt(6));
        return lo + ".." + hi;
    }

    private long u32() {
        return chance(0.7) ? pick(new long[] {0, 1, 6, 17, 58, 64, 255, 0xffffffffL}) : r.nextInt(1 << 20);
    }

    private String randomV4() {
        return "10.0." + r.nextInt(3) + "." + r.nextInt(256);
    }

    private String randomNet4() {
        int len = 8 + r.nextInt(25);
        long a = (10L << 24) | ((long) r.nextInt(1 << 16) << 8);
        long mask = len == 0 ? 0 : (0xffffffffL << (32 - len)) & 0xffffffffL;
        a &= mask;
        return ((a >>> 24) & 255) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255) + "/" + len;
    }

    // ---- runtime contents

    private static final Pattern DECL =
            Pattern.compile("(set|map|pool) (\\S+) : (\\S+)(?: -> (\\S+))?(?: capacity (\\d+))?.*");

    /**
     * A random change of a container's runtime contents, written as after {@code given} in a test
     * block: elements added or removed, a set or pool replaced (within its capacity, an empty pool
     * now and then), a map key set.
     */
    static String given(RandomGenerator r, Decl d) {
        Matcher m = DECL.matcher(d.text());
        if (!m.matches()) throw new IllegalArgumentException("not a container: " + d.text());
        PolicyGenerator g = new PolicyGenerator(r, 0);
        String kind = m.group(1), name = m.group(2), type = m.group(3);
        int cap = m.group(5) != null ? Integer.parseInt(m.group(5)) : 1024;
        java.util.function.Supplier<String> elem =
                switch (kind) {
                    case "pool" -> () -> g.member(type.endsWith(":port"));
                    default -> () -> g.single(type);
                };
        if (kind.equals("map")) return name + "[" + g.single(type) + "] = " + g.value(m.group(4));
        int x = r.nextInt(10);
        if (x < 4) return name + " -= {" + elem.get() + "}";
        if (x < 6 && cap > 1) return name + " += {" + elem.get() + "}";
        List<String> es = g.distinct(Math.min(cap, r.nextInt(4)), elem);
        return name + " = {" + String.join(", ", es) + "}";
    }

    /** One element of a set or map key type, never a range (a range would count as many). */
    private String single(String type) {
        String e = element(type);
        return e.contains("..") ? e.substring(0, e.indexOf("..")) : e;
    }

    private String member(boolean withPort) {
        return (chance(0.7) ? pick(Universe.V4) : "10.0.1." + (1 + r.nextInt(20))) + (withPort ? ":" + port() : "");
    }

    // ---- rules and actions

    private Rule rule() {
        String name = fresh('r');
        Optional<Cond> when = chance(0.93) ? Optional.of(conds.cond(r.nextInt(4))) : Optional.empty();
        List<String> actions = new ArrayList<>();
        int family = 0;
        boolean decides = chance(0.6);
        int effects = decides ? (chance(0.6) ? 0 : 1 + r.nextInt(3)) : 1 + r.nextInt(3);
        for (int i = 0; i < effects; i++) {
            Effect e = effect(family);
            family = e.family();
            actions.add(e.text());
        }
        if (decides) actions.add(verdict());
        if (family != 0) when = Optional.of(guard(family, when));
        return new Rule(name, when, actions);
    }

    private Cond guard(int family, Optional<Cond> when) {
        Cond g =
                switch (r.nextInt(6)) {
                    case 0 ->
                        new Atom(
                                family == 4
                                        ? "ip.src in " + pick(Universe.V4_NETS)
                                        : "ip6.dst in " + pick(Universe.V6_NETS));
                    case 1 -> new Atom(family == 4 ? "icmp" : "icmp6");
                    case 2 -> new Atom((family == 4 ? "dst == " + pick(Universe.V4) : "src == " + pick(Universe.V6)));
                    default -> new Atom(family == 4 ? "ipv4" : "ipv6");
                };
        return when.<Cond>map(w -> new And(g, w)).orElse(g);
    }

    private record Effect(String text, int family) {}

    private Effect effect(int family) {
        for (; ; ) {
            int x = r.nextInt(100);
            if (x < 22) {
                Optional<Effect> nat = nat(family);
                if (nat.isPresent()) return nat.get();
            } else if (x < 34) return new Effect("set dscp = " + conds.setValue(63, "u8"), family);
            else if (x < 46) return new Effect("set ttl = " + conds.setValue(255, "u8"), family);
            else if (x < 56 && tcOnly) return new Effect("set mark = " + conds.setValue(0xffffffffL, "u32"), family);
            else if (x < 62 && tcOnly) return new Effect("mirror \"" + pick(Universe.IFACES) + "\"", family);
            else if (x < 76) return new Effect(limit(), family);
            else if (x < 90) return new Effect("log" + (chance(0.6) ? " \"" + pick(Universe.TAGS) + "\"" : ""), family);
            else if (x < 95) return new Effect("continue", family);
        }
    }

    private Optional<Effect> nat(int family) {
        boolean dnat = chance(0.6);
        String kw = dnat ? "dnat to " : "snat to ";
        List<Container> pools =
                containers.stream().filter(c -> c.kind().equals("pool")).toList();
        int fam = family != 0 ? family : chance(0.65) ? 4 : 6;
        if (dnat && fam == 4 && !pools.isEmpty() && chance(0.5)) {
            Container p = pick(pools);
            boolean port = !p.keyType().contains("port") && chance(0.3);
            return Optional.of(new Effect(kw + p.name() + (port ? ":" + port() : ""), 4));
        }
        List<Const> addrs = consts.stream()
                .filter(k -> k.kind().equals(fam == 4 ? "addr4" : "addr6"))
                .toList();
        String target =
                !addrs.isEmpty() && chance(0.3) ? pick(addrs).name() : fam == 4 ? pick(Universe.V4) : pick(Universe.V6);
        boolean port = chance(0.5);
        if (fam == 6 && port && !target.startsWith("k_")) target = "[" + target + "]";
        if (fam == 6 && port && target.startsWith("k_")) port = false;
        return Optional.of(new Effect(kw + target + (port ? ":" + port() : ""), fam));
    }

    private String limit() {
        long rate = pick(new long[] {1, 2, 3, 10, 1000});
        String unit = chance(0.8) ? "s" : "m";
        String burst = chance(0.5) ? " burst " + pick(new long[] {1, 2, 5, 100}) : "";
        String per = chance(0.6) ? " per " + pick(new String[] {"src", "dst", "flow"}) : "";
        return "limit " + rate + "/" + unit + burst + per;
    }

    private String verdict() {
        int x = r.nextInt(100);
        if (x < 35) return "drop";
        if (x < 65) return "pass";
        if (x < 82) return "redirect \"" + pick(Universe.IFACES) + "\"";
        String table = chance(0.5) ? " table " + (1 + r.nextInt(255)) : "";
        String via = chance(0.4) ? " via " + (chance(0.7) ? pick(Universe.V4) : pick(Universe.V6)) : "";
        return "route" + table + via;
    }

    private List<String> dflt() {
        if (chance(0.2)) return List.of();
        List<String> out = new ArrayList<>();
        if (chance(0.3)) {
            Effect e = effect(0);
            // the default has no condition, so no NAT (it would need a family guard)
            if (!e.text().startsWith("dnat") && !e.text().startsWith("snat")) out.add(e.text());
        }
        out.add(verdict());
        return out;
    }
}
