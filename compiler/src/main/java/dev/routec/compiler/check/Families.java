package dev.routec.compiler.check;

import java.util.Optional;

/** Decides whether a condition can only hold for packets of one IP family (for NAT targets). */
final class Families {
    private Families() {}

    static boolean implies(Optional<TExpr> cond, boolean v4) {
        return cond.isPresent() && implies(cond.get(), v4);
    }

    static boolean implies(TExpr e, boolean v4) {
        return switch (e) {
            case TExpr.And a -> implies(a.left(), v4) || implies(a.right(), v4);
            case TExpr.Or o -> implies(o.left(), v4) && implies(o.right(), v4);
            case TExpr.FieldRef f -> predicate(f.field(), v4);
            case TExpr.Compare c -> reads(c.left(), v4) || reads(c.right(), v4) || literalFamily(c, v4);
            case TExpr.InContainer i -> reads(i.left(), v4) || containerFamily(i, v4);
            case TExpr.InLiteral i ->
                reads(i.left(), v4)
                        || (isIpField(i.left())
                                && !i.elems().isEmpty()
                                && i.elems().stream().allMatch(x -> elemV4(x).equals(Optional.of(v4))));
            default -> false;
        };
    }

    private static boolean predicate(Field f, boolean v4) {
        return v4 ? f == Field.IPV4 || f == Field.ICMP : f == Field.IPV6 || f == Field.ICMP6;
    }

    /** A comparison reading a field that only one family has is false for the other family. */
    private static boolean reads(TExpr e, boolean v4) {
        return switch (e) {
            case TExpr.FieldRef f -> f.field().family == (v4 ? Field.Family.V4 : Field.Family.V6);
            case TExpr.BitAnd b -> reads(b.left(), v4) || reads(b.right(), v4);
            default -> false;
        };
    }

    private static boolean isIpField(TExpr e) {
        return e instanceof TExpr.FieldRef f && (f.field() == Field.SRC || f.field() == Field.DST);
    }

    private static boolean literalFamily(TExpr.Compare c, boolean v4) {
        if (c.op() != dev.routec.compiler.ast.Expr.CmpOp.EQ) return false;
        TExpr lit = isIpField(c.left()) ? c.right() : isIpField(c.right()) ? c.left() : null;
        return lit instanceof TExpr.Const k && elemV4(k.value()).equals(Optional.of(v4));
    }

    private static boolean containerFamily(TExpr.InContainer i, boolean v4) {
        if (!isIpField(i.left())) return false;
        Type t =
                switch (i.container()) {
                    case Defs.SetDef s -> s.elemType();
                    case Defs.MapDef m -> m.keyType();
                    case Defs.PoolDef p -> Type.IPV4;
                };
        return v4 ? t == Type.IPV4 || t == Type.PREFIX4 : t == Type.IPV6 || t == Type.PREFIX6;
    }

    private static Optional<Boolean> elemV4(Elem e) {
        return switch (e) {
            case Elem.Addr a -> Optional.of(a.addr().isV4());
            case Elem.Pfx p -> Optional.of(p.prefix().isV4());
            default -> Optional.empty();
        };
    }
}
