package dev.routec.compiler.check;

import dev.routec.compiler.ast.Expr.Verdict;
import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.ast.Property.PacketClass;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.source.Span;
import java.util.List;
import java.util.Optional;

/**
 * A policy after checking: everything the interpreter and the back end need, resolved. Rules are
 * numbered 0..n-1 in source order; the default has id n. Lists keep source order.
 */
public record CheckedPolicy(
        Policy ast,
        String name,
        List<AttachDef> attaches,
        List<Defs.SetDef> sets,
        List<Defs.MapDef> maps,
        List<Defs.PoolDef> pools,
        List<Rule> rules,
        Rule dflt,
        List<Test> tests,
        List<Prop> properties) {

    public CheckedPolicy {
        attaches = List.copyOf(attaches);
        sets = List.copyOf(sets);
        maps = List.copyOf(maps);
        pools = List.copyOf(pools);
        rules = List.copyOf(rules);
        tests = List.copyOf(tests);
        properties = List.copyOf(properties);
    }

    public record AttachDef(Policy.Hook hook, Optional<String> iface) {}

    /** A rule (or the default, whose name is "default" and condition empty). */
    public record Rule(int id, String name, Span span, Optional<TExpr> when, List<TAction> actions) {
        public Rule {
            actions = List.copyOf(actions);
        }
    }

    public record Test(String name, Span span, List<Given> givens, List<Case> cases) {
        public Test {
            givens = List.copyOf(givens);
            cases = List.copyOf(cases);
        }
    }

    /** A change to runtime contents before a test's packets run. */
    public sealed interface Given {
        Defs.Container target();
    }

    /** Adds ({@code +=}), removes ({@code -=}) or replaces ({@code =}) elements of a set or pool. */
    public record SetGiven(Defs.Container target, GivenOp op, List<Elem> elems) implements Given {
        public SetGiven {
            elems = List.copyOf(elems);
        }
    }

    public record MapGiven(Defs.MapDef target, Elem key, Elem value) implements Given {}

    public enum GivenOp {
        ADD,
        REMOVE,
        REPLACE
    }

    public record Case(
            Span span,
            PacketSpec packet,
            Verdict verdict,
            Optional<String> iface,
            Optional<String> byRule,
            List<TExpr> checks) {
        public Case {
            checks = List.copyOf(checks);
        }
    }

    public record Prop(String name, Span span, PacketClass packetClass, Optional<TExpr> where, TExpr check) {}

    public Optional<Defs.Container> container(String name) {
        return java.util.stream.Stream.<Defs.Container>concat(
                        java.util.stream.Stream.concat(sets.stream(), maps.stream()), pools.stream())
                .filter(c -> c.name().equals(name))
                .findFirst();
    }

    /** True when some hook of the policy is XDP (mark and mirror are unavailable there). */
    public boolean hasXdp() {
        return attaches.stream().anyMatch(a -> a.hook() == Policy.Hook.XDP);
    }
}
