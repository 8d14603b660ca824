package dev.routec.compiler.parse;

import dev.routec.compiler.ast.Action;
import dev.routec.compiler.ast.Expr;
import dev.routec.compiler.ast.PacketNode;
import dev.routec.compiler.ast.Value;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Canonical text of expressions, values, actions and packets, for {@link PolicyPrinter}. The AST
 * keeps no parentheses, so they are put back exactly where precedence needs them: loosest first
 * `or`, `and`, `not`, comparisons, `in`, `&`, all binary operators left-associative.
 */
final class ExprPrinter {
    private static final int OR = 1, AND = 2, NOT = 3, CMP = 4, IN = 5, BITAND = 6, ATOM = 7;

    private ExprPrinter() {}

    static String expr(Expr e) {
        return switch (e) {
            case Expr.Lit l -> value(l.value());
            case Expr.Field f -> f.name();
            case Expr.VerdictLit v -> v.verdict().word();
            case Expr.MapRead m -> m.map().text() + "[" + expr(m.key()) + "]";
            case Expr.BitAnd b -> binary(b.left(), "&", b.right(), BITAND);
            case Expr.In i -> binary(i.left(), "in", i.right(), IN);
            case Expr.Compare c -> binary(c.left(), c.op().text, c.right(), CMP);
            case Expr.Not n -> "not " + operand(n.operand(), NOT);
            case Expr.And a -> binary(a.left(), "and", a.right(), AND);
            case Expr.Or o -> binary(o.left(), "or", o.right(), OR);
        };
    }

    private static String binary(Expr left, String op, Expr right, int prec) {
        return operand(left, prec) + " " + op + " " + operand(right, prec + 1);
    }

    /** The operand in parentheses when it binds looser than {@code min}. */
    private static String operand(Expr e, int min) {
        return precedence(e) < min ? "(" + expr(e) + ")" : expr(e);
    }

    private static int precedence(Expr e) {
        return switch (e) {
            case Expr.Or o -> OR;
            case Expr.And a -> AND;
            case Expr.Not n -> NOT;
            case Expr.Compare c -> CMP;
            case Expr.In i -> IN;
            case Expr.BitAnd b -> BITAND;
            default -> ATOM;
        };
    }

    static String value(Value v) {
        return switch (v) {
            case Value.Int i -> i.text();
            case Value.Ipv4 a -> a.text();
            case Value.Ipv4Prefix p -> p.text();
            case Value.Ipv6 a -> a.text();
            case Value.Ipv6Prefix p -> p.text();
            case Value.Mac m -> m.text();
            case Value.Str s -> str(s);
            case Value.Range r -> r.lo().text() + ".." + r.hi().text();
            case Value.Name n -> n.name();
            case Value.SetLit s -> braces(s, false);
        };
    }

    /**
     * {@code {a, b}} or {@code {k: v}}; with {@code ports}, {@code {10.0.0.1:80}} as pools are written.
     * An IPv6 key before the colon is bracketed, and only an IPv4 address and a number are written
     * around a bare colon, so the colon never runs into an IPv6 or MAC address.
     */
    static String braces(Value.SetLit s, boolean ports) {
        return s.entries().stream()
                .map(e -> e.value()
                        .map(v -> (e.key() instanceof Value.Ipv6 a ? "[" + a.text() + "]" : value(e.key()))
                                + (ports && e.key() instanceof Value.Ipv4 && v instanceof Value.Int ? ":" : ": ")
                                + value(v))
                        .orElseGet(() -> value(e.key())))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    static String str(Value.Str s) {
        return "\"" + s.value() + "\"";
    }

    static String actions(List<Action> actions) {
        return actions.stream().map(ExprPrinter::action).collect(Collectors.joining(", "));
    }

    static String action(Action a) {
        return switch (a) {
            case Action.Pass p -> "pass";
            case Action.Drop d -> "drop";
            case Action.Redirect r -> "redirect " + str(r.iface());
            case Action.Route r ->
                "route" + r.table().map(t -> " table " + t.text()).orElse("")
                        + r.via().map(v -> " via " + value(v)).orElse("");
            case Action.Nat n -> (n.dnat() ? "dnat" : "snat") + " to " + target(n.target());
            case Action.SetField s -> "set " + s.field().name().toLowerCase(Locale.ROOT) + " = " + expr(s.value());
            case Action.Mirror m -> "mirror " + str(m.iface());
            case Action.Limit l ->
                "limit " + l.count().text() + "/" + l.unit().text()
                        + l.burst().map(b -> " burst " + b.text()).orElse("")
                        + l.per()
                                .map(p -> " per " + p.name().toLowerCase(Locale.ROOT))
                                .orElse("");
            case Action.Log l -> "log" + l.tag().map(t -> " " + str(t)).orElse("");
            case Action.Continue c -> "continue";
        };
    }

    private static String target(Action.NatTarget t) {
        String port = t.port().map(p -> ":" + p.text()).orElse("");
        return switch (t) {
            case Action.NameTarget n -> n.name().text() + port;
            case Action.AddrTarget a
            when a.addr() instanceof Value.Ipv6 v6 && t.port().isPresent() -> "[" + v6.text() + "]" + port;
            case Action.AddrTarget a -> value(a.addr()) + port;
        };
    }

    static String packet(PacketNode p) {
        StringBuilder sb = new StringBuilder();
        p.eth().ifPresent(e -> sb.append("eth ")
                .append(e.src().text())
                .append(" -> ")
                .append(e.dst().text())
                .append(' '));
        sb.append(l3(p.l3()));
        for (PacketNode.OptionNode o : p.options()) {
            sb.append(' ').append(o.name()).append(' ');
            if (o.name().equals("iif")) sb.append(str(o.text().orElseThrow()));
            else if (o.name().equals("frag")) sb.append(o.text().orElseThrow().value());
            else sb.append(o.number().orElseThrow().text());
        }
        return sb.toString();
    }

    private static String l3(PacketNode.L3Node n) {
        return switch (n) {
            case PacketNode.PortL3 p ->
                p.proto() + " " + addr(p.src(), true) + ":" + p.sport().text() + " -> " + addr(p.dst(), true) + ":"
                        + p.dport().text()
                        + (p.flags().isEmpty()
                                ? ""
                                : p.flags().stream()
                                        .map(f -> f.text())
                                        .collect(Collectors.joining(",", " flags ", "")));
            case PacketNode.IcmpL3 i ->
                (i.v6() ? "icmp6 " : "icmp ") + addr(i.src(), false) + " -> " + addr(i.dst(), false)
                        + i.type().map(t -> " type " + t.text()).orElse("")
                        + i.code().map(c -> " code " + c.text()).orElse("");
            case PacketNode.IpL3 i ->
                "ip proto " + i.proto().text() + " " + addr(i.src(), false) + " -> " + addr(i.dst(), false);
            case PacketNode.ArpL3 a -> "arp";
            case PacketNode.EthTypeL3 e -> "eth type " + e.type().text();
        };
    }

    /** IPv6 with a port is bracketed (LANGUAGE.md §7). */
    private static String addr(PacketNode.AddrNode a, boolean withPort) {
        return withPort && a.addr() instanceof Value.Ipv6 v6 ? "[" + v6.text() + "]" : value(a.addr());
    }
}
