package dev.routec.compiler.check;

import dev.routec.compiler.ast.Expr;
import dev.routec.compiler.ast.Value;
import dev.routec.compiler.diag.Code;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.source.Span;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/** Resolves and types expressions (LANGUAGE.md §4). Reports every error; returns empty on error. */
final class ExprChecker {
    /** Where an expression stands: rule conditions, or checks over output packets in tests. */
    record Ctx(boolean check, Optional<Span> xdpAttach) {}

    /** The name the default rule goes by in checks and in `by default`. */
    static final String DEFAULT_RULE = "default";

    /** Where `verdict`, `rule` and rule names are values: the checks that see the output packet. */
    private static final String CHECKS = "test checks and property checks (after `=>`)";

    private final Diagnostics diags;
    private final Values values;
    private final Scope scope;

    ExprChecker(Diagnostics diags, Values values, Scope scope) {
        this.diags = diags;
        this.values = values;
        this.scope = scope;
    }

    /** A condition: must be boolean. */
    Optional<TExpr> condition(Expr e, Ctx ctx) {
        Optional<TExpr> t = expr(e, ctx);
        if (t.isPresent() && t.get().type() != Type.BOOL) {
            diags.error(
                            Code.NOT_BOOLEAN,
                            e.span(),
                            "expected a condition, found a value of type "
                                    + t.get().type())
                    .help("compare it, e.g. `" + e.span().text() + " == ...`, or test membership with `in`")
                    .emit();
            return Optional.empty();
        }
        return t;
    }

    Optional<TExpr> expr(Expr e, Ctx ctx) {
        return switch (e) {
            case Expr.Lit l -> literal(l, ctx);
            case Expr.Field f -> field(f, ctx);
            case Expr.MapRead m -> mapRead(m, ctx);
            case Expr.VerdictLit v -> verdictLit(v, ctx);
            case Expr.BitAnd b -> bitAnd(b, ctx);
            case Expr.In i -> in(i, ctx);
            case Expr.Compare c -> compare(c, ctx);
            case Expr.Not n -> condition(n.operand(), ctx).map(x -> new TExpr.Not(n.span(), x));
            case Expr.And a -> both(a.left(), a.right(), ctx).map(p -> new TExpr.And(a.span(), p.get(0), p.get(1)));
            case Expr.Or o -> both(o.left(), o.right(), ctx).map(p -> new TExpr.Or(o.span(), p.get(0), p.get(1)));
        };
    }

    private Optional<List<TExpr>> both(Expr l, Expr r, Ctx ctx) {
        Optional<TExpr> a = condition(l, ctx), b = condition(r, ctx);
        return a.isPresent() && b.isPresent() ? Optional.of(List.of(a.get(), b.get())) : Optional.empty();
    }

    private Optional<TExpr> field(Expr.Field f, Ctx ctx) {
        Optional<Field> field = Field.byName(f.name());
        if (field.isEmpty()) {
            var b = diags.error(Code.UNKNOWN_FIELD, f.span(), "unknown field `" + f.name() + "`");
            Suggest.closest(f.name(), Field.names()).ifPresent(s -> b.help("did you mean `" + s + "`?"));
            b.emit();
            return Optional.empty();
        }
        if (field.get().checkOnly() && !ctx.check()) {
            diags.error(Code.CHECK_CONTEXT, f.span(), "`" + f.name() + "` can only be used in " + CHECKS)
                    .help("rule conditions and `where` see the packet before any rule has decided it")
                    .emit();
            return Optional.empty();
        }
        if (field.get() == Field.MARK && ctx.xdpAttach().isPresent() && !ctx.check()) {
            diags.error(Code.HOOK_FIELD, f.span(), "`mark` is not available at xdp")
                    .label(ctx.xdpAttach().get(), "the policy attaches at xdp here")
                    .help("the skb mark exists only at tc hooks; attach at `tc ingress` or `tc egress`")
                    .emit();
            return Optional.empty();
        }
        return Optional.of(new TExpr.FieldRef(f.span(), field.get()));
    }

    private Optional<TExpr> verdictLit(Expr.VerdictLit v, Ctx ctx) {
        if (!ctx.check()) {
            diags.error(Code.CHECK_CONTEXT, v.span(), "a verdict is not a value here")
                    .help("compare verdicts with `verdict` in " + CHECKS + ": `verdict == drop`")
                    .emit();
            return Optional.empty();
        }
        return Optional.of(new TExpr.VerdictConst(v.span(), v.verdict()));
    }

    private Optional<TExpr> literal(Expr.Lit l, Ctx ctx) {
        if (l.value() instanceof Value.Name n && n.name().equals(DEFAULT_RULE)) return defaultRule(n, ctx);
        if (l.value() instanceof Value.Name n) {
            Optional<Scope.Sym> sym = scope.lookup(n.name());
            if (sym.isEmpty() && Field.byName(n.name()).isPresent())
                return field(new Expr.Field(n.span(), n.name()), ctx);
            if (sym.isPresent() && sym.get() instanceof Scope.RuleSym r) {
                if (ctx.check()) return Optional.of(new TExpr.RuleConst(n.span(), n.name()));
            }
            if (sym.isPresent() && !(sym.get() instanceof Scope.ConstSym)) {
                if (sym.get() instanceof Scope.ContainerSym) use(n.name());
                diags.error(
                                Code.WRONG_KIND,
                                n.span(),
                                "`" + n.name() + "` is " + Values.kind(sym.get()) + " and has no value here")
                        .help(
                                sym.get() instanceof Scope.RuleSym
                                        ? "compare rules with `rule == " + n.name() + "` in a check"
                                        : "test membership with `in " + n.name() + "`")
                        .emit();
                return Optional.empty();
            }
        }
        Optional<CValue> c = values.fold(l.value());
        if (c.isEmpty()) return Optional.empty();
        return switch (c.get()) {
            case CValue.Scalar s -> Optional.of(new TExpr.Const(l.span(), s.type(), s.elem()));
            case CValue.Str s ->
                values.literals().iface(new Value.Str(l.span(), s.value())).map(x -> new TExpr.IfaceConst(l.span(), x));
            case CValue.PrefixVal p ->
                notAValue(l.span(), "a prefix", "src in " + l.span().text());
            case CValue.SetVal s ->
                notAValue(l.span(), "a set of values", "dport in " + l.span().text());
        };
    }

    /** `default` (a keyword, never a declared name) names the default rule in checks: `rule == default`. */
    private Optional<TExpr> defaultRule(Value.Name n, Ctx ctx) {
        if (ctx.check()) return Optional.of(new TExpr.RuleConst(n.span(), DEFAULT_RULE));
        diags.error(Code.CHECK_CONTEXT, n.span(), "`default` names the default rule only in " + CHECKS)
                .help("compare it with `rule`: `rule == default`")
                .emit();
        return Optional.empty();
    }

    private Optional<TExpr> notAValue(Span span, String what, String example) {
        diags.error(Code.TYPE_MISMATCH, span, what + " can only be used on the right of `in`")
                .help("test membership, e.g. `" + example + "`")
                .emit();
        return Optional.empty();
    }

    private Optional<TExpr> mapRead(Expr.MapRead m, Ctx ctx) {
        Optional<Defs.MapDef> map = container(m.map().text(), m.map().span(), Defs.MapDef.class, "a map");
        Optional<TExpr> key = expr(m.key(), ctx);
        if (map.isEmpty() || key.isEmpty()) return Optional.empty();
        Optional<TExpr> k = coerceTo(
                key.get(),
                keyValueType(map.get().keyType()),
                m.key().span(),
                "the key of `" + m.map().text() + "`");
        return k.map(x -> new TExpr.MapRead(m.span(), map.get(), x));
    }

    /** The type a value must have to look up a set/map of this element type. */
    private static Type keyValueType(Type elem) {
        return switch (elem) {
            case PREFIX4 -> Type.IPV4;
            case PREFIX6 -> Type.IPV6;
            default -> elem;
        };
    }

    /** Counts a reference to a declaration, so it draws no "never used" warning. */
    void use(String name) {
        scope.used.add(name);
    }

    <T extends Defs.Container> Optional<T> container(String name, Span span, Class<T> cls, String what) {
        Optional<Scope.Sym> sym = scope.lookup(name);
        if (sym.isEmpty()) {
            values.unknown(span, name);
            return Optional.empty();
        }
        if (sym.get() instanceof Scope.ContainerSym c) {
            scope.used.add(name); // even a wrong use is a use: no "never used" on top of the error
            if (c.def() == null) return Optional.empty(); // its declaration was reported
            if (cls.isInstance(c.def())) return Optional.of(cls.cast(c.def()));
        }
        diags.error(Code.WRONG_KIND, span, "`" + name + "` is " + Values.kind(sym.get()) + ", not " + what)
                .label(sym.get().span(), "`" + name + "` is declared here")
                .emit();
        return Optional.empty();
    }

    private Optional<TExpr> bitAnd(Expr.BitAnd b, Ctx ctx) {
        Optional<TExpr> l = expr(b.left(), ctx), r = expr(b.right(), ctx);
        if (l.isEmpty() || r.isEmpty()) return Optional.empty();
        for (TExpr x : List.of(l.get(), r.get())) {
            if (!x.type().isInt()) {
                diags.error(Code.BAD_OPERATOR, x.span(), "`&` needs integers, found " + x.type())
                        .emit();
                return Optional.empty();
            }
        }
        Type t = l.get().type() == Type.INT ? r.get().type() : l.get().type();
        return Optional.of(new TExpr.BitAnd(b.span(), t == Type.INT ? Type.U64 : t, l.get(), r.get()));
    }

    private Optional<TExpr> compare(Expr.Compare c, Ctx ctx) {
        Optional<TExpr> l = expr(c.left(), ctx), r = expr(c.right(), ctx);
        if (l.isEmpty() || r.isEmpty()) return Optional.empty();
        TExpr a = l.get(), b = r.get();
        if (c.op() != Expr.CmpOp.EQ
                && c.op() != Expr.CmpOp.NE
                && !(a.type().isInt() && b.type().isInt())) {
            diags.error(
                            Code.BAD_OPERATOR,
                            c.span(),
                            "`" + c.op().text + "` compares integers, not "
                                    + (a.type().isInt() ? b : a).type())
                    .help("use `==` or `!=`")
                    .emit();
            return Optional.empty();
        }
        if (a.type() == Type.INT && b.type() != Type.INT) {
            return coerceTo(a, b.type(), a.span(), describe(b)).map(x -> new TExpr.Compare(c.span(), c.op(), x, b));
        }
        return coerceTo(b, a.type(), b.span(), describe(a)).map(x -> new TExpr.Compare(c.span(), c.op(), a, x));
    }

    private static String describe(TExpr t) {
        return t instanceof TExpr.FieldRef f ? "`" + f.field().text + "`" : "a value of type " + t.type();
    }

    /** Checks that {@code e} can stand where {@code want} is expected; integer literals must fit. */
    Optional<TExpr> coerceTo(TExpr e, Type want, Span span, String against) {
        Type got = e.type();
        if (got == want) return Optional.of(e);
        if (want.isInt() && got.isInt()) {
            if (e instanceof TExpr.Const k && k.value() instanceof Elem.Int i && want != Type.INT) {
                BigInteger v = new BigInteger(Long.toUnsignedString(i.value()));
                if (!want.fits(v)) {
                    diags.error(
                                    Code.INT_OUT_OF_RANGE,
                                    span,
                                    v + " does not fit " + against + " (" + withRange(want) + ")")
                            .emit();
                    return Optional.empty();
                }
                return Optional.of(new TExpr.Const(k.span(), want, k.value()));
            }
            return Optional.of(e);
        }
        if (want.isAddr() && got.isAddr()) {
            if (want == Type.IP || got == Type.IP) return Optional.of(e);
            diags.error(
                            Code.FAMILY_MISMATCH,
                            span,
                            "an " + got + " value cannot be compared with " + against + " (" + want + ")")
                    .help(
                            want == Type.IPV4
                                    ? "use an IPv4 address, or an IPv6 field such as `ip6.src`"
                                    : "use an IPv6 address, or an IPv4 field such as `ip.src`")
                    .emit();
            return Optional.empty();
        }
        diags.error(
                        Code.TYPE_MISMATCH,
                        span,
                        "type mismatch: " + got + " cannot be compared with " + against + " (" + want + ")")
                .emit();
        return Optional.empty();
    }

    /** `port, 0..65535`; types whose name already shows the range (`u8 (0..63)`) stay as they are. */
    private static String withRange(Type t) {
        return t.text.contains("..") ? t.text : t.text + ", 0.." + t.maxValue();
    }

    private Optional<TExpr> in(Expr.In i, Ctx ctx) {
        Optional<TExpr> l = expr(i.left(), ctx);
        if (l.isEmpty()) return Optional.empty();
        if (i.right() instanceof Expr.Lit lit
                && lit.value() instanceof Value.Name n
                && !(scope.lookup(n.name()).orElse(null) instanceof Scope.ConstSym)) {
            return inContainer(i, l.get(), n, ctx);
        }
        if (!(i.right() instanceof Expr.Lit lit)) {
            diags.error(
                            Code.NOT_A_SET,
                            i.right().span(),
                            "the right side of `in` must be a set, map, pool, range, prefix or `{...}` literal")
                    .emit();
            return Optional.empty();
        }
        Optional<CValue> c = values.fold(lit.value());
        if (c.isEmpty()) return Optional.empty();
        List<Elem> elems =
                switch (c.get()) {
                    case CValue.SetVal s -> s.elems();
                    case CValue.PrefixVal p -> List.of(p.prefix());
                    case CValue.Scalar s -> List.of(s.elem());
                    case CValue.Str s -> List.of();
                };
        if (c.get() instanceof CValue.Str || c.get() instanceof CValue.Scalar) {
            diags.error(Code.NOT_A_SET, lit.span(), "`in` needs a set, range or prefix on the right")
                    .help("compare a single value with `==`")
                    .emit();
            return Optional.empty();
        }
        for (Elem e : elems) if (!compatible(l.get().type(), e, lit.span())) return Optional.empty();
        return Optional.of(new TExpr.InLiteral(i.span(), l.get(), elems));
    }

    private boolean compatible(Type t, Elem e, Span span) {
        boolean ok =
                switch (e) {
                    case Elem.Int x -> t.isInt() && (t == Type.INT || t.fits(Values.unsigned(x.value())));
                    case Elem.IntRange r -> t.isInt() && (t == Type.INT || t.fits(Values.unsigned(r.hi())));
                    case Elem.Addr a -> t == Type.IP || t == (a.addr().isV4() ? Type.IPV4 : Type.IPV6);
                    case Elem.Pfx p -> t == Type.IP || t == (p.prefix().isV4() ? Type.IPV4 : Type.IPV6);
                    case Elem.Mac m -> t == Type.MAC;
                    case Elem.AddrPort ap -> false;
                };
        if (!ok) {
            Code code = t.isAddr() && (e instanceof Elem.Addr || e instanceof Elem.Pfx)
                    ? Code.FAMILY_MISMATCH
                    : Code.ELEMENT_TYPE;
            diags.error(code, span, Values.describe(e) + " cannot match a value of type " + t)
                    .emit();
        }
        return ok;
    }

    private Optional<TExpr> inContainer(Expr.In i, TExpr left, Value.Name n, Ctx ctx) {
        Optional<Scope.Sym> sym = scope.lookup(n.name());
        if (sym.isEmpty()) {
            values.unknown(n.span(), n.name());
            return Optional.empty();
        }
        if (!(sym.get() instanceof Scope.ContainerSym c)) {
            diags.error(
                            Code.NOT_A_SET,
                            n.span(),
                            "`" + n.name() + "` is " + Values.kind(sym.get()) + ", not a set, map or pool")
                    .emit();
            return Optional.empty();
        }
        if (!ctx.check()) scope.used.add(n.name());
        if (c.def() == null) return Optional.empty();
        Type want =
                switch (c.def()) {
                    case Defs.SetDef s -> keyValueType(s.elemType());
                    case Defs.MapDef m -> keyValueType(m.keyType());
                    case Defs.PoolDef p -> Type.IPV4;
                };
        return coerceTo(left, want, i.left().span(), "the elements of `" + n.name() + "`")
                .map(x -> new TExpr.InContainer(i.span(), x, c.def()));
    }
}
