package dev.routec.compiler.check;

import dev.routec.compiler.ast.Action;
import dev.routec.compiler.ast.Value;
import dev.routec.compiler.diag.Code;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Checks the actions of a rule or the default (LANGUAGE.md §5). */
final class ActionChecker {
    private final Diagnostics diags;
    private final Values values;
    private final ExprChecker exprs;

    /** Stands for a condition that failed to check, so no follow-on NAT family error is reported. */
    static final TExpr UNKNOWN = new TExpr.FieldRef(dev.routec.compiler.source.Span.synthetic("unchecked"), Field.IPV4);

    ActionChecker(Diagnostics diags, Values values, ExprChecker exprs) {
        this.diags = diags;
        this.values = values;
        this.exprs = exprs;
    }

    /** Checks a list; {@code cond} is the rule's checked condition, for the NAT family rule. */
    List<TAction> check(List<Action> actions, Optional<TExpr> cond, ExprChecker.Ctx ctx, String owner) {
        List<TAction> out = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            if (a.isVerdict() && i < actions.size() - 1) {
                diags.error(
                                Code.VERDICT_NOT_LAST,
                                actions.get(i + 1).span(),
                                "actions after the verdict `" + a.span().text() + "` never run")
                        .label(a.span(), "the verdict decides the packet here")
                        .help("put the verdict last: effects run left to right, then the verdict")
                        .emit();
            }
            action(a, cond, ctx, owner).ifPresent(out::add);
        }
        return out;
    }

    private Optional<TAction> action(Action a, Optional<TExpr> cond, ExprChecker.Ctx ctx, String owner) {
        Span sp = a.span();
        return switch (a) {
            case Action.Pass p -> Optional.of(new TAction.Pass(sp));
            case Action.Drop d -> Optional.of(new TAction.Drop(sp));
            case Action.Redirect r -> values.literals().iface(r.iface()).map(s -> new TAction.Redirect(sp, s));
            case Action.Mirror m ->
                tcOnly(sp, "mirror", ctx)
                        .flatMap(x -> values.literals().iface(m.iface()))
                        .map(s -> new TAction.Mirror(sp, s));
            case Action.Route r -> route(r);
            case Action.Nat n -> nat(n, cond, owner);
            case Action.SetField s -> setField(s, ctx);
            case Action.Limit l -> limit(l);
            case Action.Log l -> {
                if (l.tag().isEmpty()) yield Optional.of(new TAction.Log(sp, Optional.empty()));
                yield values.literals().tag(l.tag().get()).map(t -> new TAction.Log(sp, Optional.of(t)));
            }
            case Action.Continue c -> Optional.of(new TAction.Continue(sp));
        };
    }

    private Optional<Boolean> tcOnly(Span sp, String what, ExprChecker.Ctx ctx) {
        if (ctx.xdpAttach().isEmpty()) return Optional.of(true);
        diags.error(Code.HOOK_ACTION, sp, "`" + what + "` is not available at xdp")
                .label(ctx.xdpAttach().get(), "the policy attaches at xdp here")
                .help("`" + what + "` needs an skb: attach the policy at `tc ingress` or `tc egress`")
                .emit();
        return Optional.empty();
    }

    private Optional<TAction> route(Action.Route r) {
        OptionalLong table = OptionalLong.empty();
        if (r.table().isPresent()) {
            Optional<Long> t = values.literals().integer(r.table().get(), 1, 0xffffffffL, "a routing table");
            if (t.isEmpty()) return Optional.empty();
            table = OptionalLong.of(t.get());
        }
        Optional<IpAddr> via = Optional.empty();
        if (r.via().isPresent()) {
            via = values.address(r.via().get(), "`route via`");
            if (via.isEmpty()) return Optional.empty();
        }
        return Optional.of(new TAction.Route(r.span(), table, via));
    }

    private Optional<TAction> nat(Action.Nat n, Optional<TExpr> cond, String owner) {
        String kw = n.dnat() ? "dnat" : "snat";
        OptionalInt port = OptionalInt.empty();
        if (n.target().port().isPresent()) {
            Optional<Long> p = values.literals().integer(n.target().port().get(), Type.PORT, "a port");
            if (p.isEmpty()) return Optional.empty();
            port = OptionalInt.of(p.get().intValue());
        }
        Optional<Defs.PoolDef> pool = Optional.empty();
        Optional<IpAddr> addr = Optional.empty();
        if (n.target() instanceof Action.NameTarget t && isPool(t)) {
            if (!n.dnat()) {
                exprs.use(t.name().text());
                diags.error(Code.BAD_NAT_TARGET, t.span(), "`snat` goes to an address, not a pool")
                        .help("write the source address: `snat to 192.0.2.1`")
                        .emit();
                return Optional.empty();
            }
            pool = exprs.container(t.name().text(), t.name().span(), Defs.PoolDef.class, "a pool");
            if (pool.isEmpty()) return Optional.empty();
            if (port.isPresent() && pool.get().withPort()) {
                diags.error(
                                Code.BAD_NAT_TARGET,
                                n.target().span(),
                                "pool `" + t.name() + "` already gives each member a port")
                        .emit();
                return Optional.empty();
            }
        } else {
            Value v = n.target() instanceof Action.NameTarget t
                    ? new Value.Name(t.name().span(), t.name().text())
                    : ((Action.AddrTarget) n.target()).addr();
            addr = values.address(v, "the `" + kw + "` target");
            if (addr.isEmpty()) return Optional.empty();
        }
        boolean v4 = pool.isPresent() || addr.get().isV4();
        if (cond.orElse(null) != UNKNOWN && !Families.implies(cond, v4)) {
            String fam = v4 ? "ipv4" : "ipv6";
            diags.error(
                            Code.REWRITE_FAMILY,
                            n.span(),
                            "`" + kw + "` to an " + (v4 ? "IPv4" : "IPv6") + " target needs a condition only "
                                    + (v4 ? "IPv4" : "IPv6") + " packets can satisfy")
                    .help("add `" + fam + " and` to the condition of " + owner)
                    .emit();
            return Optional.empty();
        }
        return Optional.of(new TAction.Nat(n.span(), n.dnat(), pool, addr, port));
    }

    private boolean isPool(Action.NameTarget t) {
        return !(values.scopeLookup(t.name().text()).orElse(null) instanceof Scope.ConstSym);
    }

    private Optional<TAction> setField(Action.SetField s, ExprChecker.Ctx ctx) {
        Optional<TExpr> v = exprs.expr(s.value(), ctx);
        return switch (s.field()) {
            case MARK ->
                tcOnly(s.span(), "set mark", ctx)
                        .flatMap(x -> v)
                        .flatMap(e -> exprs.coerceTo(e, Type.U32, s.value().span(), "the mark"))
                        .map(e -> new TAction.SetMark(s.span(), e));
            case DSCP ->
                v.flatMap(e -> exprs.coerceTo(e, Type.DSCP, s.value().span(), "a DSCP value"))
                        .map(e -> new TAction.SetDscp(s.span(), e));
            case TTL ->
                v.flatMap(e -> exprs.coerceTo(e, Type.U8, s.value().span(), "a TTL"))
                        .map(e -> new TAction.SetTtl(s.span(), e));
        };
    }

    private Optional<TAction> limit(Action.Limit l) {
        String unit = l.unit().text();
        if (!unit.equals("s") && !unit.equals("m")) {
            diags.error(Code.BAD_RATE, l.unit().span(), "unknown rate unit `" + unit + "`")
                    .help("rates are `N/s` (per second) or `N/m` (per minute)")
                    .emit();
            return Optional.empty();
        }
        Optional<Long> rate = values.literals().integer(l.count(), 1, 0xffffffffL, "a rate");
        Optional<Long> burst =
                l.burst().isPresent() ? values.literals().integer(l.burst().get(), 1, 0xffffffffL, "a burst") : rate;
        if (rate.isEmpty() || burst.isEmpty()) return Optional.empty();
        return Optional.of(new TAction.Limit(l.span(), rate.get(), unit.equals("s") ? 1 : 60, burst.get(), l.per()));
    }
}
