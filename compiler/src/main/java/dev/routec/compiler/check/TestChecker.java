package dev.routec.compiler.check;

import dev.routec.compiler.ast.TestBlock;
import dev.routec.compiler.diag.Code;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.packet.PacketSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks `test` blocks: givens, packets, expectations (LANGUAGE.md §6). */
final class TestChecker {
    private final Diagnostics diags;
    private final Values values;
    private final ExprChecker exprs;
    private final Scope scope;
    private final PacketChecker packets;

    TestChecker(Diagnostics diags, Values values, ExprChecker exprs, Scope scope) {
        this.diags = diags;
        this.values = values;
        this.exprs = exprs;
        this.scope = scope;
        this.packets = new PacketChecker(diags);
    }

    List<CheckedPolicy.Test> tests(List<TestBlock> blocks) {
        List<CheckedPolicy.Test> out = new ArrayList<>();
        java.util.Map<String, TestBlock> names = new java.util.HashMap<>();
        for (TestBlock t : blocks) {
            TestBlock prev = names.putIfAbsent(t.name().value(), t);
            if (prev != null) {
                diags.error(
                                Code.DUPLICATE_NAME,
                                t.name().span(),
                                "test \"" + t.name().value() + "\" is defined twice")
                        .label(prev.name().span(), "first defined here")
                        .emit();
            }
            List<CheckedPolicy.Given> givens = new ArrayList<>();
            for (TestBlock.Given g : t.givens()) given(g).ifPresent(givens::add);
            List<CheckedPolicy.Case> cases = new ArrayList<>();
            for (TestBlock.Case c : t.cases()) testCase(c).ifPresent(cases::add);
            out.add(new CheckedPolicy.Test(t.name().value(), t.span(), givens, cases));
        }
        return out;
    }

    private Optional<CheckedPolicy.Given> given(TestBlock.Given g) {
        Optional<Scope.Sym> sym = scope.lookup(g.name().text());
        if (sym.isEmpty()) {
            values.unknown(g.name().span(), g.name().text());
            return Optional.empty();
        }
        if (!(sym.get() instanceof Scope.ContainerSym c) || c.def() == null) {
            if (sym.get() instanceof Scope.ContainerSym) return Optional.empty();
            diags.error(
                            Code.BAD_GIVEN,
                            g.name().span(),
                            "`" + g.name() + "` is " + Values.kind(sym.get())
                                    + "; `given` changes sets, maps and pools")
                    .emit();
            return Optional.empty();
        }
        return switch (g) {
            case TestBlock.MapGiven m -> mapGiven(m, c.def());
            case TestBlock.SetGiven s -> setGiven(s, c.def());
        };
    }

    private Optional<CheckedPolicy.Given> mapGiven(TestBlock.MapGiven m, Defs.Container def) {
        if (!(def instanceof Defs.MapDef map)) {
            diags.error(Code.BAD_GIVEN, m.name().span(), "`" + m.name() + "` is not a map")
                    .help("use `given " + m.name() + " += {...}` for sets and pools")
                    .emit();
            return Optional.empty();
        }
        Optional<List<Elem>> k = values.elements(m.key(), map.keyType(), "the keys of `" + map.name() + "`");
        Optional<List<Elem>> v = values.elements(m.value(), map.valueType(), "the values of `" + map.name() + "`");
        if (k.isEmpty() || v.isEmpty()) return Optional.empty();
        if (k.get().size() != 1 || v.get().size() != 1) {
            diags.error(Code.BAD_GIVEN, m.span(), "`given M[k] = v` takes one key and one value")
                    .emit();
            return Optional.empty();
        }
        return Optional.of(
                new CheckedPolicy.MapGiven(map, k.get().get(0), v.get().get(0)));
    }

    private Optional<CheckedPolicy.Given> setGiven(TestBlock.SetGiven s, Defs.Container def) {
        CheckedPolicy.GivenOp op = CheckedPolicy.GivenOp.valueOf(s.op().name());
        List<Elem> elems = new ArrayList<>();
        switch (def) {
            case Defs.MapDef m -> {
                diags.error(Code.BAD_GIVEN, s.name().span(), "`" + s.name() + "` is a map")
                        .help("set map entries with `given " + s.name() + "[KEY] = VALUE`")
                        .emit();
                return Optional.empty();
            }
            case Defs.SetDef set -> {
                for (var e : s.elements().entries()) {
                    if (e.value().isPresent()) {
                        diags.error(Code.BAD_GIVEN, e.span(), "a set holds elements, not `key: value` entries")
                                .emit();
                        return Optional.empty();
                    }
                    Optional<List<Elem>> x = values.elements(e.key(), set.elemType(), "set `" + set.name() + "`");
                    if (x.isEmpty()) return Optional.empty();
                    elems.addAll(x.get());
                }
            }
            case Defs.PoolDef pool -> {
                for (var e : s.elements().entries()) {
                    Optional<List<Elem>> a = values.elements(e.key(), Type.IPV4, "pool `" + pool.name() + "`");
                    if (a.isEmpty()) return Optional.empty();
                    if (pool.withPort() != e.value().isPresent()) {
                        diags.error(
                                        Code.BAD_GIVEN,
                                        e.span(),
                                        pool.withPort()
                                                ? "members of this pool need a port"
                                                : "members of this pool have no port")
                                .emit();
                        return Optional.empty();
                    }
                    if (e.value().isPresent()) {
                        Optional<Integer> port = values.port(e.value().get());
                        if (port.isEmpty()) return Optional.empty();
                        for (Elem x : a.get()) elems.add(new Elem.AddrPort(((Elem.Addr) x).addr(), port.get()));
                    } else elems.addAll(a.get());
                }
            }
        }
        return Optional.of(new CheckedPolicy.SetGiven(def, op, elems));
    }

    private Optional<CheckedPolicy.Case> testCase(TestBlock.Case c) {
        Optional<PacketSpec> spec = packets.check(c.packet());
        TestBlock.Expect e = c.expect();
        Optional<String> iface = e.iface().flatMap(s -> values.literals().iface(s));
        Optional<String> by = e.by().map(b -> b.text());
        if (e.by().isPresent()
                && !by.get().equals("default")
                && !(scope.lookup(by.get()).orElse(null) instanceof Scope.RuleSym)) {
            var b = diags.error(Code.UNKNOWN_RULE, e.by().get().span(), "no rule named `" + by.get() + "`");
            List<String> rules = scope.names.entrySet().stream()
                    .filter(x -> x.getValue() instanceof Scope.RuleSym)
                    .map(java.util.Map.Entry::getKey)
                    .toList();
            Suggest.closest(by.get(), rules).ifPresent(s -> b.help("did you mean `" + s + "`?"));
            b.emit();
            return Optional.empty();
        }
        List<TExpr> checks = new ArrayList<>();
        boolean ok = true;
        for (var x : e.checks()) {
            Optional<TExpr> t = exprs.condition(x, new ExprChecker.Ctx(true, Optional.empty()));
            if (t.isEmpty()) ok = false;
            t.ifPresent(checks::add);
        }
        if (spec.isEmpty() || !ok) return Optional.empty();
        return Optional.of(new CheckedPolicy.Case(c.span(), spec.get(), e.verdict(), iface, by, checks));
    }
}
