package dev.routec.compiler.check;

import dev.routec.compiler.ast.Decl;
import dev.routec.compiler.ast.Ident;
import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.ast.Property;
import dev.routec.compiler.diag.Code;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Checks one policy: names, declarations, rules, default, tests and properties. */
final class PolicyChecker {
    private static final int MAX_NAME = 63;
    private static final Set<String> RESERVED = Set.of("verdict");

    private final Diagnostics diags;
    private final Policy policy;
    private final Scope scope;
    private final Values values;
    private final ExprChecker exprs;
    private final ActionChecker actions;
    private final Optional<Span> xdp;

    PolicyChecker(Diagnostics diags, Policy policy) {
        this.diags = diags;
        this.policy = policy;
        this.scope = new Scope(policy);
        this.values = new Values(diags, new Literals(diags), scope);
        this.exprs = new ExprChecker(diags, values, scope);
        this.actions = new ActionChecker(diags, values, exprs);
        this.xdp = policy.attaches().stream()
                .filter(a -> a.hook() == Policy.Hook.XDP)
                .map(Policy.Attach::span)
                .findFirst();
    }

    CheckedPolicy check() {
        nameLength(policy.name());
        List<CheckedPolicy.AttachDef> attaches = attaches();
        declareNames();
        List<Defs.SetDef> sets = new ArrayList<>();
        List<Defs.MapDef> maps = new ArrayList<>();
        List<Defs.PoolDef> pools = new ArrayList<>();
        DeclChecker decls = new DeclChecker(diags, values);
        for (Decl d : policy.decls()) {
            if (d instanceof Decl.Const c) {
                values.foldConst(c);
                continue;
            }
            Optional<Defs.Container> def = decls.check(d);
            def.filter(x -> owns(d)).ifPresent(x -> scope.names.put(d.name().text(), new Scope.ContainerSym(d, x)));
            def.ifPresent(x -> {
                switch (x) {
                    case Defs.SetDef s -> sets.add(s);
                    case Defs.MapDef m -> maps.add(m);
                    case Defs.PoolDef p -> pools.add(p);
                }
            });
        }
        ExprChecker.Ctx ruleCtx = new ExprChecker.Ctx(false, xdp);
        List<CheckedPolicy.Rule> rules = new ArrayList<>();
        for (Policy.Rule r : policy.rules()) {
            Optional<TExpr> when = r.when().flatMap(w -> exprs.condition(w, ruleCtx));
            boolean condFailed = r.when().isPresent() && when.isEmpty();
            List<TAction> acts = actions.check(
                    r.actions(),
                    condFailed ? Optional.of(ActionChecker.UNKNOWN) : when,
                    ruleCtx,
                    "rule `" + r.name() + "`");
            rules.add(new CheckedPolicy.Rule(rules.size(), r.name().text(), r.span(), when, acts));
        }
        CheckedPolicy.Rule dflt = dflt(rules.size(), ruleCtx);
        List<CheckedPolicy.Test> tests = new TestChecker(diags, values, exprs, scope).tests(policy.tests());
        List<CheckedPolicy.Prop> props = properties();
        unused();
        return new CheckedPolicy(policy, policy.name().text(), attaches, sets, maps, pools, rules, dflt, tests, props);
    }

    private List<CheckedPolicy.AttachDef> attaches() {
        List<CheckedPolicy.AttachDef> out = new ArrayList<>();
        java.util.Map<Policy.Hook, Policy.Attach> seen = new java.util.EnumMap<>(Policy.Hook.class);
        for (Policy.Attach a : policy.attaches()) {
            Policy.Attach prev = seen.putIfAbsent(a.hook(), a);
            if (prev != null) {
                diags.error(Code.DUPLICATE_ATTACH, a.span(), "the policy already attaches at " + a.hook().text)
                        .label(prev.span(), "first attached here")
                        .help("a policy runs once per hook; use `routec deploy --iface` to choose the interface")
                        .emit();
                continue;
            }
            Optional<String> iface = a.iface().flatMap(s -> values.literals().iface(s));
            out.add(new CheckedPolicy.AttachDef(a.hook(), iface));
        }
        if (out.isEmpty()) out.add(new CheckedPolicy.AttachDef(Policy.Hook.TC_INGRESS, Optional.empty()));
        return out;
    }

    private void declareNames() {
        for (Decl d : policy.decls())
            declare(d.name(), d instanceof Decl.Const c ? new Scope.ConstSym(c) : new Scope.ContainerSym(d, null));
        for (Policy.Rule r : policy.rules()) declare(r.name(), new Scope.RuleSym(r));
    }

    private void declare(Ident name, Scope.Sym sym) {
        nameLength(name);
        if (RESERVED.contains(name.text()) || Field.byName(name.text()).isPresent()) {
            diags.error(Code.RESERVED_NAME, name.span(), "`" + name + "` is reserved")
                    .help("choose another name")
                    .emit();
            return; // uses of the name keep meaning the field, so they report nothing more
        }
        Optional<Span> prev = scope.declared(name);
        if (prev.isPresent()) {
            diags.error(
                            Code.DUPLICATE_NAME,
                            name.span(),
                            "`" + name + "` is already defined in policy `" + policy.name() + "`")
                    .label(prev.get(), "first defined here")
                    .help("names are unique per policy across consts, sets, maps, pools and rules")
                    .emit();
            return;
        }
        scope.names.put(name.text(), sym);
    }

    private void nameLength(Ident name) {
        if (name.text().length() > MAX_NAME) {
            diags.error(
                            Code.NAME_TOO_LONG,
                            name.span(),
                            "name is " + name.text().length() + " characters long; the limit is " + MAX_NAME)
                    .emit();
        }
    }

    private CheckedPolicy.Rule dflt(int id, ExprChecker.Ctx ctx) {
        List<Policy.DefaultRule> ds = policy.defaults();
        for (int i = 1; i < ds.size(); i++) {
            diags.error(Code.DUPLICATE_DEFAULT, ds.get(i).span(), "a policy has at most one `default`")
                    .label(ds.get(0).span(), "the first `default` is here")
                    .emit();
        }
        if (ds.isEmpty()) {
            Span sp = policy.name().span();
            return new CheckedPolicy.Rule(id, "default", sp, Optional.empty(), List.of(new TAction.Pass(sp)));
        }
        Policy.DefaultRule d = ds.get(0);
        List<TAction> acts = actions.check(d.actions(), Optional.empty(), ctx, "the default");
        if (!d.actions().get(d.actions().size() - 1).isVerdict()) {
            diags.error(Code.DEFAULT_NEEDS_VERDICT, d.span(), "`default` must end in a verdict")
                    .help("end it with `pass`, `drop`, `redirect \"IF\"` or `route`")
                    .emit();
        }
        return new CheckedPolicy.Rule(id, "default", d.span(), Optional.empty(), acts);
    }

    private List<CheckedPolicy.Prop> properties() {
        List<CheckedPolicy.Prop> out = new ArrayList<>();
        for (Property p : policy.properties()) {
            Optional<TExpr> where =
                    p.where().flatMap(w -> exprs.condition(w, new ExprChecker.Ctx(false, Optional.empty())));
            Optional<TExpr> check = exprs.condition(p.check(), new ExprChecker.Ctx(true, Optional.empty()));
            if ((p.where().isPresent() && where.isEmpty()) || check.isEmpty()) continue;
            out.add(new CheckedPolicy.Prop(p.name().value(), p.span(), p.packetClass(), where, check.get()));
        }
        return out;
    }

    /** True when the declaration's name denotes it (not when the name was reserved or taken). */
    private boolean owns(Decl d) {
        return switch (scope.lookup(d.name().text()).orElse(null)) {
            case Scope.ConstSym c -> c.decl() == d;
            case Scope.ContainerSym c -> c.decl() == d;
            case null, default -> false;
        };
    }

    private void unused() {
        for (Decl d : policy.decls()) {
            if (scope.used.contains(d.name().text()) || !owns(d)) continue;
            String kind =
                    Values.kind(scope.lookup(d.name().text()).orElseThrow()).substring(2);
            diags.warning(Code.UNUSED, d.name().span(), kind + " `" + d.name() + "` is never used")
                    .help("remove it, or use it in a rule")
                    .emit();
        }
    }
}
