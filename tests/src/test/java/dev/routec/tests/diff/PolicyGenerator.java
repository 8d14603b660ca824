package dev.routec.tests.diff;

import dev.routec.compiler.ast.Policy.Hook;
import dev.routec.testkit.SourceRandom;
import dev.routec.tests.diff.GenPolicy.And;
import dev.routec.tests.diff.GenPolicy.Atom;
import dev.routec.tests.diff.GenPolicy.Attach;
import dev.routec.tests.diff.GenPolicy.Cond;
import dev.routec.tests.diff.GenPolicy.Decl;
import dev.routec.tests.diff.GenPolicy.Not;
import dev.routec.tests.diff.GenPolicy.Or;
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
final class PolicyGenerator {
    static final int MAX_RULES = 50;

    static final String[] V4 = {
        "10.0.0.1",
        "10.0.0.2",
        "10.0.0.100",
        "10.1.2.3",
        "192.0.2.1",
        "192.0.2.2",
        "192.0.2.255",
        "198.51.100.7",
        "203.0.113.9",
        "0.0.0.0",
        "255.255.255.255",
        "10.0.1.11",
        "10.0.1.12"
    };
    static final String[] V4_NETS = {
        "10.0.0.0/8",
        "10.0.0.0/24",
        "10.1.0.0/16",
        "192.0.2.0/24",
        "192.0.2.0/28",
        "198.51.100.0/25",
        "203.0.113.0/24",
        "0.0.0.0/0",
        "10.0.0.1/32",
        "192.0.2.128/25"
    };
    static final String[] V6 = {
        "2001:db8::1",
        "2001:db8::2",
        "2001:db8::100",
        "2001:db8:1::5",
        "::1",
        "::",
        "fe80::1",
        "::ffff:192.0.2.1",
        "2001:db8:bad::5"
    };
    static final String[] V6_NETS = {
        "2001:db8::/32", "2001:db8::/64", "2001:db8:1::/48", "::/0", "2001:db8::1/128", "fe80::/10", "2001:db8:bad::/48"
    };
    static final String[] MACS = {"02:00:00:00:00:01", "02:00:00:00:00:02", "ff:ff:ff:ff:ff:ff", "02:00:00:00:00:09"};
    static final String[] IFACES = {"test0", "eth0", "lan0", "out0", "mon0"};
    static final String[] TAGS = {"t", "dns", "x-1", "a.b:c"};

    /** An integer field: name, maximum, values worth comparing with, whether it is a TC-only field. */
    record IntField(String name, long max, long[] typical, boolean tcOnly) {}

    static final List<IntField> INT_FIELDS = List.of(
            new IntField("ip.ttl", 255, new long[] {0, 1, 64, 255}, false),
            new IntField("ip.proto", 255, new long[] {1, 6, 17, 47, 132}, false),
            new IntField("ip.dscp", 63, new long[] {0, 10, 46, 63}, false),
            new IntField("ip.len", 65535, new long[] {20, 28, 40, 100, 1500}, false),
            new IntField("ip6.hoplimit", 255, new long[] {0, 1, 64, 255}, false),
            new IntField("ip6.nexthdr", 255, new long[] {0, 6, 17, 44, 58, 60}, false),
            new IntField("ip6.flowlabel", 0xfffff, new long[] {0, 1, 0x12345, 0xfffff}, false),
            new IntField("proto", 255, new long[] {1, 6, 17, 58, 132, 47}, false),
            new IntField("sport", 65535, new long[] {0, 53, 80, 443, 1024, 8080, 65535}, false),
            new IntField("dport", 65535, new long[] {0, 22, 53, 80, 443, 8080, 65535}, false),
            new IntField("icmp.type", 255, new long[] {0, 3, 8, 11, 128, 129, 135}, false),
            new IntField("icmp.code", 255, new long[] {0, 1, 3, 4}, false),
            new IntField("eth.type", 65535, new long[] {0x0800, 0x86dd, 0x0806, 0x8100, 0x88cc}, false),
            new IntField("vlan.id", 65535, new long[] {0, 1, 66, 100, 4095}, false),
            new IntField("len", 0xffffffffL, new long[] {14, 42, 60, 64, 100, 1500}, false),
            new IntField("mark", 0xffffffffL, new long[] {0, 1, 7, 0xff, 0xffffffffL}, true));

    static final String[] PREDICATES = {
        "tcp", "udp", "icmp", "icmp6", "sctp", "ipv4", "ipv6", "arp", "tcp.syn", "tcp.ack", "tcp.fin", "tcp.rst",
        "tcp.psh", "tcp.urg", "ip.frag"
    };

    private final RandomGenerator r;
    private final int maxRules;
    private GenPolicy.Attach[] attaches;
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
        this.r = r;
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

    // ---- draws

    private boolean chance(double p) {
        return r.nextDouble() < p;
    }

    private <T> T pick(T[] xs) {
        return xs[r.nextInt(xs.length)];
    }

    private <T> T pick(List<T> xs) {
        return xs.get(r.nextInt(xs.size()));
    }

    private long pick(long[] xs) {
        return xs[r.nextInt(xs.length)];
    }

    private String fresh(char kind) {
        return kind + "_" + next++;
    }

    // ---- the policy

    private GenPolicy policy(String name, Set<Hook> allowed) {
        List<Attach> as = attaches(allowed);
        tcOnly = as.isEmpty() || as.stream().allMatch(a -> a.hook().isTc());
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
            if (all || chance(0.45)) out.add(new Attach(h, chance(0.3) ? Optional.of(pick(IFACES)) : Optional.empty()));
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

    private static final String[] SET_TYPES = {"ipv4", "ipv6", "prefix4", "prefix6", "port", "u32", "mac"};
    private static final String[] VALUE_TYPES = {"u8", "u16", "u32", "u64", "ipv4", "ipv6", "port", "mark"};

    private void set() {
        String type = pick(SET_TYPES);
        String name = fresh('s');
        List<String> elems = distinct(r.nextInt(6), () -> element(type));
        int cap = capacity(expanded(elems));
        decls.add(new Decl(
                name,
                "set " + name + " : " + type + (cap > 0 ? " capacity " + cap : "")
                        + (elems.isEmpty() && chance(0.5) ? "" : " = {" + String.join(", ", elems) + "}")));
        containers.add(new Container(name, "set", type, ""));
    }

    private void map() {
        String key = pick(SET_TYPES), value = pick(VALUE_TYPES);
        String name = fresh('m');
        List<String> keys = distinct(r.nextInt(6), () -> element(key));
        List<String> entries = new ArrayList<>();
        for (String k : keys) entries.add(k + ": " + value(value));
        int cap = capacity(expanded(entries));
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
                    case "addr4" -> pick(V4);
                    case "addr6" -> pick(V6);
                    case "net4" -> pick(V4_NETS);
                    case "net6" -> pick(V6_NETS);
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
            if (out.stream().noneMatch(o -> same(o, e)) && !overlapsExpansion(out, e)) out.add(e);
        }
        return out;
    }

    /** Equal elements or keys: {@code 10.0.0.1} is {@code 10.0.0.1/32} in a prefix set. */
    private static boolean same(String a, String b) {
        return key(a).equals(key(b));
    }

    private static String key(String e) {
        String k = e.contains(": ") ? e.substring(0, e.indexOf(": ")) : e;
        return k.endsWith("/32") || k.endsWith("/128") ? k.substring(0, k.lastIndexOf('/')) : k;
    }

    /** u32 ranges expand into values; two that share a value would be a duplicate key. */
    private static boolean overlapsExpansion(List<String> have, String e) {
        if (!e.contains("..")) return have.stream().anyMatch(h -> h.contains("..") && inRange(h, e));
        return have.stream().anyMatch(h -> h.contains("..") ? rangesOverlap(h, e) : inRange(e, h));
    }

    private static boolean inRange(String range, String v) {
        if (v.contains(":") || v.contains(".") && !v.contains("..")) return false;
        String[] p = range.split("\\.\\.");
        long x = Long.decode(v);
        return Long.decode(p[0]) <= x && x <= Long.decode(p[1]);
    }

    private static boolean rangesOverlap(String a, String b) {
        String[] p = a.split("\\.\\."), q = b.split("\\.\\.");
        return Long.decode(p[0]) <= Long.decode(q[1]) && Long.decode(q[0]) <= Long.decode(p[1]);
    }

    private String element(String type) {
        return switch (type) {
            case "ipv4" -> chance(0.8) ? pick(V4) : randomV4();
            case "ipv6" -> pick(V6);
            case "prefix4" -> chance(0.8) ? pick(V4_NETS) : chance(0.5) ? pick(V4) : randomNet4();
            case "prefix6" -> chance(0.85) ? pick(V6_NETS) : pick(V6);
            case "port" -> chance(0.85) ? String.valueOf(port()) : portRange();
            case "u32" -> chance(0.85) ? String.valueOf(u32()) : (r.nextInt(8)) + ".." + (8 + r.nextInt(8));
            default -> pick(MACS);
        };
    }

    private String value(String type) {
        return switch (type) {
            case "u8" -> String.valueOf(pick(new long[] {0, 1, 10, 46, 63, 64, 255}));
            case "u16" -> String.valueOf(pick(new long[] {0, 1, 80, 443, 4096, 65535}));
            case "u32", "mark" -> String.valueOf(pick(new long[] {0, 1, 2, 7, 42, 0xffff, 0xffffffffL}));
            case "u64" -> pick(new String[] {"0", "1", "7", "4294967296", "0xffffffffffffffff", "9223372036854775808"});
            case "ipv4" -> pick(V4);
            case "ipv6" -> pick(V6);
            default -> String.valueOf(port());
        };
    }

    private long port() {
        return chance(0.8) ? pick(new long[] {0, 1, 22, 53, 80, 443, 1024, 8080, 65535}) : r.nextInt(65536);
    }

    /** A short range (contents expand ranges into their values, and each counts against the capacity). */
    private String portRange() {
        long lo = chance(0.5) ? pick(new long[] {0, 80, 1024, 8000, 65530}) : r.nextInt(65536);
        long hi = Math.min(65535, lo + r.nextInt(6));
        return lo + ".." + hi;
    }

    /** How many elements contents hold once ranges are expanded. */
    private static int expanded(List<String> elems) {
        int n = 0;
        for (String e : elems) {
            String k = e.contains(": ") ? e.substring(0, e.indexOf(": ")) : e;
            if (k.contains("..")) {
                String[] p = k.split("\\.\\.");
                n += (int) (Long.decode(p[1]) - Long.decode(p[0]) + 1);
            } else n++;
        }
        return n;
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

    private String intSet(long max, long[] typical) {
        List<String> es = new ArrayList<>();
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (chance(0.7)) es.add(String.valueOf(Math.min(max, typical.length > 0 ? pick(typical) : 0)));
            else {
                long lo = r.nextLong(max + 1 > 0 ? Math.min(max + 1, 1L << 40) : 1L << 40);
                long hi = Math.min(max, lo + r.nextInt(200));
                es.add(lo + ".." + hi);
            }
        }
        return "{" + String.join(", ", es) + "}";
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
        return (chance(0.7) ? pick(V4) : "10.0.1." + (1 + r.nextInt(20))) + (withPort ? ":" + port() : "");
    }

    // ---- conditions

    /** A condition; {@code family} 4 or 6 makes it one only packets of that family can satisfy. */
    private Cond cond(int depth) {
        if (depth <= 0 || chance(0.45)) return atom();
        return switch (r.nextInt(5)) {
            case 0, 1 -> new And(cond(depth - 1), cond(depth - 1));
            case 2, 3 -> new Or(cond(depth - 1), cond(depth - 1));
            default -> new Not(cond(depth - 1));
        };
    }

    private Cond atom() {
        int x = r.nextInt(100);
        String t;
        if (x < 12) t = pick(PREDICATES);
        else if (x < 38) t = intAtom();
        else if (x < 58) t = addrAtom();
        else if (x < 72 && !containers.isEmpty()) t = containerAtom();
        else if (x < 80 && !consts.isEmpty()) t = constAtom();
        else if (x < 86) t = macAtom();
        else if (x < 91) t = "iif " + (chance(0.7) ? "==" : "!=") + " \"" + pick(IFACES) + "\"";
        else if (x < 96) t = fieldPair();
        else t = "tcp.syn == tcp.ack";
        return new Atom(t);
    }

    private IntField intField() {
        for (; ; ) {
            IntField f = pick(INT_FIELDS);
            if (!f.tcOnly() || tcOnly) return f;
        }
    }

    private static final String[] OPS = {"==", "!=", "<", "<=", ">", ">="};

    private long constant(IntField f) {
        long v = chance(0.75) ? pick(f.typical()) : r.nextLong(Math.min(f.max(), 1L << 40) + 1);
        if (chance(0.15)) v = Math.min(f.max(), v + 1);
        return Math.min(v, f.max());
    }

    private String num(long v) {
        return chance(0.2) ? "0x" + Long.toHexString(v) : Long.toUnsignedString(v);
    }

    private String intAtom() {
        IntField f = intField();
        return switch (r.nextInt(6)) {
            case 0, 1 -> f.name() + " " + pick(OPS) + " " + num(constant(f));
            case 2 -> f.name() + " in " + intSet(f.max(), f.typical());
            case 3 -> {
                long lo = constant(f), hi = Math.min(f.max(), lo + (chance(0.5) ? r.nextInt(10) : r.nextInt(1000)));
                yield f.name() + " in " + lo + ".." + hi;
            }
            case 4 -> {
                long mask = pick(new long[] {0xff, 0xff00, 0x3, 0x1, 0xf0, 0x8000});
                long v = constant(f) & mask;
                yield f.name() + " & " + num(mask) + " " + pick(new String[] {"==", "!="}) + " " + num(v);
            }
            default -> f.name() + " " + pick(OPS) + " " + num(constant(f));
        };
    }

    private String addrAtom() {
        boolean v6 = chance(0.35);
        String field = v6
                ? pick(new String[] {"src", "dst", "ip6.src", "ip6.dst"})
                : pick(new String[] {"src", "dst", "ip.src", "ip.dst"});
        String[] addrs = v6 ? V6 : V4, nets = v6 ? V6_NETS : V4_NETS;
        boolean mixed = field.equals("src") || field.equals("dst");
        return switch (r.nextInt(5)) {
            case 0 -> field + " " + (chance(0.75) ? "==" : "!=") + " " + pick(addrs);
            case 1, 2 -> field + " in " + pick(nets);
            default -> {
                List<String> es = new ArrayList<>();
                int n = 1 + r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    boolean six = mixed ? chance(0.4) : v6;
                    es.add(chance(0.5) ? pick(six ? V6 : V4) : pick(six ? V6_NETS : V4_NETS));
                }
                yield field + " in {" + String.join(", ", es.stream().distinct().toList()) + "}";
            }
        };
    }

    private String macAtom() {
        String f = chance(0.5) ? "eth.src" : "eth.dst";
        if (chance(0.6)) return f + " " + (chance(0.8) ? "==" : "!=") + " " + pick(MACS);
        List<String> ms = new ArrayList<>();
        for (int i = 1 + r.nextInt(3); i > 0; i--) ms.add(pick(MACS));
        return f + " in {" + String.join(", ", ms.stream().distinct().toList()) + "}";
    }

    private String fieldPair() {
        return pick(new String[] {
            "sport < dport",
            "sport == dport",
            "ip.src == ip.dst",
            "src == dst",
            "src != dst",
            "ip.ttl >= ip.proto",
            "icmp.type > icmp.code",
            "eth.src == eth.dst",
            "ip6.src == ip6.dst",
            "len > ip.len",
            "dport <= sport"
        });
    }

    private String constAtom() {
        Const k = pick(consts);
        return switch (k.kind()) {
            case "addr4" -> pick(new String[] {"dst", "src", "ip.dst"}) + " == " + k.name();
            case "addr6" -> pick(new String[] {"dst", "src", "ip6.src"}) + " != " + k.name();
            case "net4" -> pick(new String[] {"src", "ip.dst"}) + " in " + k.name();
            case "net6" -> pick(new String[] {"dst", "ip6.dst"}) + " in " + k.name();
            case "port" -> pick(new String[] {"dport", "sport"}) + " == " + k.name();
            default -> pick(new String[] {"dport", "sport"}) + " in " + k.name();
        };
    }

    /** A field (or value) of the type a container's elements or keys have. */
    private Optional<String> keyOf(String type) {
        return Optional.of(
                switch (type) {
                    case "ipv4", "prefix4", "ipv4:port" -> pick(new String[] {"src", "dst", "ip.src", "ip.dst"});
                    case "ipv6", "prefix6" -> pick(new String[] {"src", "dst", "ip6.src", "ip6.dst"});
                    case "port" ->
                        chance(0.8)
                                ? pick(new String[] {"sport", "dport"})
                                : intField().name();
                    case "u32" -> intField().name();
                    default -> chance(0.5) ? "eth.src" : "eth.dst";
                });
    }

    private String containerAtom() {
        Container c = pick(containers);
        String key = keyOf(c.keyType()).orElseThrow();
        if (!c.kind().equals("map") || chance(0.3)) return key + " in " + c.name();
        String read = c.name() + "[" + key + "]";
        return switch (c.valueType()) {
            case "ipv4" -> read + " " + (chance(0.7) ? "==" : "!=") + " " + pick(V4);
            case "ipv6" -> read + " " + (chance(0.7) ? "==" : "!=") + " " + pick(V6);
            default -> {
                long v = pick(new long[] {0, 1, 2, 7, 42, 46, 255, 65535});
                yield read + " " + pick(OPS) + " " + Math.min(v, maxOf(c.valueType()));
            }
        };
    }

    private static long maxOf(String type) {
        return switch (type) {
            case "u8" -> 255;
            case "u16", "port" -> 65535;
            case "u32", "mark" -> 0xffffffffL;
            default -> Long.MAX_VALUE;
        };
    }

    // ---- rules and actions

    private Rule rule() {
        String name = fresh('r');
        Optional<Cond> when = chance(0.93) ? Optional.of(cond(r.nextInt(4))) : Optional.empty();
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
                    case 0 -> new Atom(family == 4 ? "ip.src in " + pick(V4_NETS) : "ip6.dst in " + pick(V6_NETS));
                    case 1 -> new Atom(family == 4 ? "icmp" : "icmp6");
                    case 2 -> new Atom((family == 4 ? "dst == " + pick(V4) : "src == " + pick(V6)));
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
            } else if (x < 34) return new Effect("set dscp = " + value(63, "u8"), family);
            else if (x < 46) return new Effect("set ttl = " + value(255, "u8"), family);
            else if (x < 56 && tcOnly) return new Effect("set mark = " + value(0xffffffffL, "u32"), family);
            else if (x < 62 && tcOnly) return new Effect("mirror \"" + pick(IFACES) + "\"", family);
            else if (x < 76) return new Effect(limit(), family);
            else if (x < 90) return new Effect("log" + (chance(0.6) ? " \"" + pick(TAGS) + "\"" : ""), family);
            else if (x < 95) return new Effect("continue", family);
        }
    }

    /** A value for {@code set}: a constant that fits, an integer field, a map read, or a masked field. */
    private String value(long max, String type) {
        int x = r.nextInt(10);
        if (x < 4)
            return num(
                    chance(0.7)
                            ? pick(new long[] {0, 1, 7, 10, 46, 63, 64, 255, 0xffff, 42}) % (max + 1)
                            : r.nextLong(max + 1));
        if (x < 7) return intField().name();
        List<Container> intMaps = containers.stream()
                .filter(c -> c.kind().equals("map") && !c.valueType().startsWith("ipv"))
                .toList();
        if (x < 9 && !intMaps.isEmpty()) {
            Container m = pick(intMaps);
            return m.name() + "[" + keyOf(m.keyType()).orElseThrow() + "]";
        }
        return intField().name() + " & " + num(pick(new long[] {0x3f, 0xff, 0x7, 0xffff}));
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
        String target = !addrs.isEmpty() && chance(0.3) ? pick(addrs).name() : fam == 4 ? pick(V4) : pick(V6);
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
        if (x < 82) return "redirect \"" + pick(IFACES) + "\"";
        String table = chance(0.5) ? " table " + (1 + r.nextInt(255)) : "";
        String via = chance(0.4) ? " via " + (chance(0.7) ? pick(V4) : pick(V6)) : "";
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
