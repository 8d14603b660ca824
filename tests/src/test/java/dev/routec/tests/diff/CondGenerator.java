package dev.routec.tests.diff;

import dev.routec.tests.diff.GenPolicy.And;
import dev.routec.tests.diff.GenPolicy.Atom;
import dev.routec.tests.diff.GenPolicy.Cond;
import dev.routec.tests.diff.GenPolicy.Not;
import dev.routec.tests.diff.GenPolicy.Or;
import dev.routec.tests.diff.PolicyGenerator.Const;
import dev.routec.tests.diff.PolicyGenerator.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Well-typed conditions and {@code set} values over a policy's declarations: predicates, every
 * integer field against constants, literal sets, ranges and masks, addresses against literals and
 * prefixes of both families, MACs, interfaces, field pairs, constants, set/map/pool membership and
 * map reads. TC-only fields only when the policy has no XDP hook.
 */
final class CondGenerator extends Draws {
    private final List<Container> containers;
    private final List<Const> consts;
    private final boolean tcOnly;

    CondGenerator(RandomGenerator r, List<Container> containers, List<Const> consts, boolean tcOnly) {
        super(r);
        this.containers = containers;
        this.consts = consts;
        this.tcOnly = tcOnly;
    }

    /** A condition; {@code family} 4 or 6 makes it one only packets of that family can satisfy. */
    Cond cond(int depth) {
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
        if (x < 12) t = pick(Universe.PREDICATES);
        else if (x < 38) t = intAtom();
        else if (x < 58) t = addrAtom();
        else if (x < 72 && !containers.isEmpty()) t = containerAtom();
        else if (x < 80 && !consts.isEmpty()) t = constAtom();
        else if (x < 86) t = macAtom();
        else if (x < 91) t = "iif " + (chance(0.7) ? "==" : "!=") + " \"" + pick(Universe.IFACES) + "\"";
        else if (x < 96) t = fieldPair();
        else t = "tcp.syn == tcp.ack";
        return new Atom(t);
    }

    Universe.IntField intField() {
        for (; ; ) {
            Universe.IntField f = pick(Universe.INT_FIELDS);
            if (!f.tcOnly() || tcOnly) return f;
        }
    }

    private long constant(Universe.IntField f) {
        long v = chance(0.75) ? pick(f.typical()) : r.nextLong(Math.min(f.max(), 1L << 40) + 1);
        if (chance(0.15)) v = Math.min(f.max(), v + 1);
        return Math.min(v, f.max());
    }

    private String intAtom() {
        Universe.IntField f = intField();
        return switch (r.nextInt(6)) {
            case 0, 1 -> f.name() + " " + pick(Universe.OPS) + " " + num(constant(f));
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
            default -> f.name() + " " + pick(Universe.OPS) + " " + num(constant(f));
        };
    }

    private String addrAtom() {
        boolean v6 = chance(0.35);
        String field = v6
                ? pick(new String[] {"src", "dst", "ip6.src", "ip6.dst"})
                : pick(new String[] {"src", "dst", "ip.src", "ip.dst"});
        String[] addrs = v6 ? Universe.V6 : Universe.V4, nets = v6 ? Universe.V6_NETS : Universe.V4_NETS;
        boolean mixed = field.equals("src") || field.equals("dst");
        return switch (r.nextInt(5)) {
            case 0 -> field + " " + (chance(0.75) ? "==" : "!=") + " " + pick(addrs);
            case 1, 2 -> field + " in " + pick(nets);
            default -> {
                List<String> es = new ArrayList<>();
                int n = 1 + r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    boolean six = mixed ? chance(0.4) : v6;
                    es.add(
                            chance(0.5)
                                    ? pick(six ? Universe.V6 : Universe.V4)
                                    : pick(six ? Universe.V6_NETS : Universe.V4_NETS));
                }
                yield field + " in {" + String.join(", ", es.stream().distinct().toList()) + "}";
            }
        };
    }

    private String macAtom() {
        String f = chance(0.5) ? "eth.src" : "eth.dst";
        if (chance(0.6)) return f + " " + (chance(0.8) ? "==" : "!=") + " " + pick(Universe.MACS);
        List<String> ms = new ArrayList<>();
        for (int i = 1 + r.nextInt(3); i > 0; i--) ms.add(pick(Universe.MACS));
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
    Optional<String> keyOf(String type) {
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
            case "ipv4" -> read + " " + (chance(0.7) ? "==" : "!=") + " " + pick(Universe.V4);
            case "ipv6" -> read + " " + (chance(0.7) ? "==" : "!=") + " " + pick(Universe.V6);
            default -> {
                long v = pick(new long[] {0, 1, 2, 7, 42, 46, 255, 65535});
                yield read + " " + pick(Universe.OPS) + " " + Math.min(v, Universe.maxOf(c.valueType()));
            }
        };
    }

    /** A value for {@code set}: a constant that fits, an integer field, a map read, or a masked field. */
    String setValue(long max, String type) {
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
}
