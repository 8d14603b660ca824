package dev.routec.compiler.parse;

import dev.routec.compiler.ast.Action;
import dev.routec.compiler.ast.Decl;
import dev.routec.compiler.ast.Expr;
import dev.routec.compiler.ast.Ident;
import dev.routec.compiler.ast.PacketNode;
import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.ast.PolicyFile;
import dev.routec.compiler.ast.Property;
import dev.routec.compiler.ast.TestBlock;
import dev.routec.compiler.ast.Value;
import dev.routec.compiler.source.Span;
import dev.routec.grammar.RouteLexer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Random syntactically well-formed policy files covering every construct of the grammar: every
 * item, action, value form, operator, packet form and option. Names and values are random but
 * lexically valid; the policies need not type-check (the printer and parser do not care).
 */
final class PolicyGen {
    private static final Span S = Span.synthetic("gen");
    /** Keywords, plus the two bare names the parser gives a meaning of their own. */
    private static final Set<String> RESERVED = keywords();

    private static final List<String> NAMES =
            List.of("a", "web", "blocked", "x_1", "_tmp", "Tenant", "s", "m", "sport", "dport", "h");
    private static final List<String> FIELD_WORDS = List.of(
            "src", "dst", "mark", "len", "iif", "proto", "tcp", "udp", "sctp", "icmp", "icmp6", "ipv4", "ipv6", "arp",
            "rule", "ttl", "dscp");
    private static final List<String> FIELD_PATHS =
            List.of("ip.src", "ip6.dst", "tcp.syn", "icmp.type", "eth.type", "vlan.id", "ip.frag", "no.such");
    private static final List<String> V6 = List.of(
            "::",
            "::1",
            "2001:db8::1",
            "::ffff:192.0.2.1",
            "fe80::",
            "1:2:3:4:5:6:7:8",
            "2001:DB8:0:0:1::",
            "64:ff9b::10.0.0.1",
            "1::2::3");
    private static final List<String> STRINGS = List.of("lan0", "", "veth-a_1:2.3", "with space", "abcdefghijklmnop");
    private static final List<String> PACKET_OPTIONS =
            List.of("iif", "vlan", "ttl", "dscp", "len", "mark", "frag", "payload");

    private final RandomnessSource in;

    private PolicyGen(RandomnessSource in) {
        this.in = in;
    }

    static Gen<PolicyFile> files() {
        Gen<PolicyFile> g = in -> new PolicyGen(in).file();
        return g.describedAs(PolicyPrinter::print);
    }

    private static Set<String> keywords() {
        Set<String> out = IntStream.rangeClosed(1, RouteLexer.VOCABULARY.getMaxTokenType())
                .mapToObj(RouteLexer.VOCABULARY::getLiteralName)
                .filter(n -> n != null && Character.isLetter(n.charAt(1)))
                .map(n -> n.substring(1, n.length() - 1))
                .collect(Collectors.toSet());
        out.add("verdict");
        return out;
    }

    // ---- draws ----

    private int draw(int lo, int hi) {
        return (int) in.next(Constraint.between(lo, hi));
    }

    private boolean coin() {
        return draw(0, 1) == 1;
    }

    private <T> T pick(List<T> xs) {
        return xs.get(draw(0, xs.size() - 1));
    }

    private <T> List<T> some(int lo, int hi, Supplier<T> gen) {
        List<T> out = new ArrayList<>();
        for (int i = draw(lo, hi); i > 0; i--) out.add(gen.get());
        return out;
    }

    private <T> Optional<T> maybe(Supplier<T> gen) {
        return coin() ? Optional.of(gen.get()) : Optional.empty();
    }

    // ---- lexical ----

    private String name() {
        if (coin()) return pick(NAMES);
        StringBuilder sb = new StringBuilder();
        sb.append((char) (coin() ? 'a' + draw(0, 25) : '_'));
        for (int i = draw(0, 8); i > 0; i--) sb.append("abcdefghijklmnopqrstuvwxyz0123456789_".charAt(draw(0, 36)));
        return RESERVED.contains(sb.toString()) ? sb + "_" : sb.toString();
    }

    private Ident ident() {
        return new Ident(S, name());
    }

    private Value.Int integer() {
        BigInteger v =
                switch (draw(0, 3)) {
                    case 0 -> BigInteger.valueOf(draw(0, 10));
                    case 1 -> BigInteger.valueOf(draw(0, 70000));
                    case 2 -> BigInteger.valueOf(in.next(Constraint.between(0, Long.MAX_VALUE)));
                    default -> BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(draw(-2, 2)));
                };
        String text =
                switch (draw(0, 3)) {
                    case 0 -> "0x" + v.toString(16);
                    case 1 -> "0X" + v.toString(16).toUpperCase(Locale.ROOT);
                    default -> v.toString();
                };
        return new Value.Int(S, v, text);
    }

    private String ipv4Text() {
        return draw(0, 255) + "." + draw(0, 255) + "." + draw(0, 300) + "." + draw(0, 255);
    }

    private String macText() {
        return IntStream.range(0, 6)
                .mapToObj(i -> String.format(Locale.ROOT, coin() ? "%02x" : "%02X", draw(0, 255)))
                .collect(Collectors.joining(":"));
    }

    private Value.Str str() {
        return new Value.Str(S, pick(STRINGS));
    }

    // ---- values ----

    private Value value(int depth) {
        return switch (draw(0, depth > 0 ? 9 : 8)) {
            case 0 -> integer();
            case 1 -> new Value.Ipv4(S, ipv4Text());
            case 2 -> new Value.Ipv4Prefix(S, ipv4Text() + "/" + draw(0, 40));
            case 3 -> new Value.Ipv6(S, pick(V6));
            case 4 -> new Value.Ipv6Prefix(S, pick(V6) + "/" + draw(0, 130));
            case 5 -> new Value.Mac(S, macText());
            case 6 -> str();
            case 7 -> new Value.Range(S, integer(), integer());
            case 8 -> new Value.Name(S, name());
            default -> setLit(depth - 1);
        };
    }

    private Value.SetLit setLit(int depth) {
        return new Value.SetLit(
                S,
                some(0, 3, () -> new Value.Entry(S, value(depth), coin() ? Optional.empty() : maybe(() -> value(0)))));
    }

    /** Entries {@code k} or {@code k:port}, as pools take them. */
    private Value.SetLit members() {
        return new Value.SetLit(
                S,
                some(
                        0,
                        3,
                        () -> new Value.Entry(
                                S,
                                new Value.Ipv4(S, ipv4Text()),
                                maybe(this::integer).map(x -> x))));
    }

    // ---- expressions ----

    Expr expr(int depth) {
        if (depth <= 0) return leaf();
        return switch (draw(0, 7)) {
            case 0 -> new Expr.BitAnd(S, expr(depth - 1), expr(depth - 1));
            case 1 -> new Expr.In(S, expr(depth - 1), expr(depth - 1));
            case 2 -> new Expr.Compare(S, pick(List.of(Expr.CmpOp.values())), expr(depth - 1), expr(depth - 1));
            case 3 -> new Expr.Not(S, expr(depth - 1));
            case 4 -> new Expr.And(S, expr(depth - 1), expr(depth - 1));
            case 5 -> new Expr.Or(S, expr(depth - 1), expr(depth - 1));
            case 6 -> new Expr.MapRead(S, ident(), expr(depth - 1));
            default -> leaf();
        };
    }

    private Expr leaf() {
        return switch (draw(0, 4)) {
            case 0 -> new Expr.Field(S, pick(FIELD_WORDS));
            case 1 -> new Expr.Field(S, pick(FIELD_PATHS));
            case 2 -> new Expr.Field(S, "verdict");
            case 3 -> new Expr.VerdictLit(S, pick(List.of(Expr.Verdict.values())));
            default -> new Expr.Lit(S, coin() ? value(1) : new Value.Name(S, coin() ? name() : "default"));
        };
    }

    // ---- actions ----

    private Action action() {
        return switch (draw(0, 10)) {
            case 0 -> new Action.Pass(S);
            case 1 -> new Action.Drop(S);
            case 2 -> new Action.Redirect(S, str());
            case 3 -> new Action.Route(S, maybe(this::integer), maybe(() -> value(1)));
            case 4 -> new Action.Nat(S, coin(), target());
            case 5 -> new Action.SetField(S, pick(List.of(Action.SetTarget.values())), expr(2));
            case 6 -> new Action.Mirror(S, str());
            case 7 ->
                new Action.Limit(
                        S,
                        integer(),
                        new Ident(S, pick(List.of("s", "m", "h", "sec"))),
                        maybe(this::integer),
                        maybe(() -> pick(List.of(Action.Per.values()))));
            case 8 -> new Action.Log(S, maybe(this::str));
            default -> new Action.Continue(S);
        };
    }

    private Action.NatTarget target() {
        Optional<Value.Int> port = maybe(this::integer);
        return switch (draw(0, 2)) {
            case 0 -> new Action.NameTarget(S, ident(), port);
            case 1 -> new Action.AddrTarget(S, new Value.Ipv4(S, ipv4Text()), port);
            default -> new Action.AddrTarget(S, new Value.Ipv6(S, pick(V6)), port);
        };
    }

    // ---- items ----

    PolicyFile file() {
        List<Policy> ps = some(1, 3, this::policy);
        return new PolicyFile(S, S.file(), ps);
    }

    private Policy policy() {
        return new Policy(
                S,
                ident(),
                some(0, 2, () -> new Policy.Attach(S, pick(List.of(Policy.Hook.values())), maybe(this::str))),
                some(0, 5, this::decl),
                some(0, 5, () -> new Policy.Rule(S, ident(), maybe(() -> expr(draw(0, 4))), some(1, 3, this::action))),
                some(0, 2, () -> new Policy.DefaultRule(S, some(1, 3, this::action))),
                some(0, 2, this::test),
                some(0, 2, this::property));
    }

    private Decl decl() {
        return switch (draw(0, 3)) {
            case 0 -> new Decl.Const(S, ident(), value(2));
            case 1 -> new Decl.SetDecl(S, ident(), typeRef(), maybe(this::integer), maybe(() -> setLit(1)));
            case 2 ->
                new Decl.MapDecl(
                        S,
                        ident(),
                        typeRef(),
                        typeRef(),
                        maybe(this::integer),
                        maybe(() -> value(1)),
                        maybe(() -> setLit(1)));
            default -> new Decl.PoolDecl(S, ident(), typeRef(), maybe(this::integer), maybe(this::members));
        };
    }

    private Decl.TypeRef typeRef() {
        List<String> words = List.of("ipv4", "ipv6", "mark", "prefix4", "port", "u32", "mac", "u64", "port");
        return new Decl.TypeRef(S, pick(words), coin() ? Optional.empty() : maybe(() -> pick(words)));
    }

    private TestBlock test() {
        return new TestBlock(S, str(), some(0, 2, this::given), some(0, 3, this::testCase));
    }

    private TestBlock.Given given() {
        if (coin()) return new TestBlock.MapGiven(S, ident(), value(1), value(1));
        return new TestBlock.SetGiven(S, ident(), pick(List.of(TestBlock.GivenOp.values())), setLit(1));
    }

    private TestBlock.Case testCase() {
        Expr.Verdict v = pick(List.of(Expr.Verdict.values()));
        Optional<Value.Str> iface = v == Expr.Verdict.REDIRECT ? Optional.of(str()) : Optional.empty();
        Optional<Ident> by = maybe(() -> coin() ? ident() : new Ident(S, "default"));
        return new TestBlock.Case(S, packet(), new TestBlock.Expect(S, v, iface, by, some(0, 2, () -> expr(2))));
    }

    private Property property() {
        return new Property(
                S, str(), pick(List.of(Property.PacketClass.values())), maybe(() -> expr(2)), expr(draw(0, 3)));
    }

    // ---- packets ----

    PacketNode packet() {
        Optional<PacketNode.EthNode> eth =
                maybe(() -> new PacketNode.EthNode(S, new Value.Mac(S, macText()), new Value.Mac(S, macText())));
        return new PacketNode(S, eth, l3(), some(0, 3, this::option));
    }

    private PacketNode.L3Node l3() {
        return switch (draw(0, 4)) {
            case 0 ->
                new PacketNode.PortL3(
                        S,
                        pick(List.of("tcp", "udp", "sctp")),
                        addr(),
                        integer(),
                        addr(),
                        integer(),
                        some(0, 3, () -> new Ident(S, coin() ? pick(List.of("syn", "ack", "fin")) : name())));
            case 1 -> {
                boolean typed = coin();
                yield new PacketNode.IcmpL3(
                        S,
                        coin(),
                        addr(),
                        addr(),
                        typed ? Optional.of(integer()) : Optional.empty(),
                        typed ? Optional.of(integer()) : Optional.empty());
            }
            case 2 -> new PacketNode.IpL3(S, integer(), addr(), addr());
            case 3 -> new PacketNode.ArpL3(S);
            default -> new PacketNode.EthTypeL3(S, integer());
        };
    }

    private PacketNode.AddrNode addr() {
        return new PacketNode.AddrNode(S, coin() ? new Value.Ipv4(S, ipv4Text()) : new Value.Ipv6(S, pick(V6)));
    }

    private PacketNode.OptionNode option() {
        String opt = pick(PACKET_OPTIONS);
        return switch (opt) {
            case "iif" -> new PacketNode.OptionNode(S, opt, Optional.empty(), Optional.of(str()));
            case "frag" ->
                new PacketNode.OptionNode(
                        S, opt, Optional.empty(), Optional.of(new Value.Str(S, coin() ? "first" : "later")));
            default -> new PacketNode.OptionNode(S, opt, Optional.of(integer()), Optional.empty());
        };
    }
}
