package dev.routec.compiler.testing;

import dev.routec.compiler.ast.Expr.CmpOp;
import dev.routec.compiler.check.Elem;
import dev.routec.compiler.check.Field;
import dev.routec.compiler.check.TExpr;
import dev.routec.compiler.check.Type;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Field values that would make a {@code where} true: for each draw, one random way through the
 * expression (one side of an {@code or}, both of an {@code and}, De Morgan under {@code not}) and,
 * for each comparison or membership on the way, a value that satisfies it. The generator follows
 * most hints, so a selective {@code where} still accepts most draws; it is free to ignore them,
 * and the {@code where} itself stays the judge.
 */
final class Hints {
    private Hints() {}

    static Map<Field, Pick> draw(Optional<TExpr> where, RandomGenerator r) {
        Map<Field, Pick> out = new EnumMap<>(Field.class);
        where.ifPresent(w -> walk(w, true, out, r));
        return out;
    }

    private static void walk(TExpr e, boolean positive, Map<Field, Pick> out, RandomGenerator r) {
        switch (e) {
            case TExpr.Not n -> walk(n.operand(), !positive, out, r);
            case TExpr.And a -> {
                if (positive) {
                    walk(a.left(), true, out, r);
                    walk(a.right(), true, out, r);
                } else walk(r.nextBoolean() ? a.left() : a.right(), false, out, r);
            }
            case TExpr.Or o -> {
                if (positive) walk(r.nextBoolean() ? o.left() : o.right(), true, out, r);
                else {
                    walk(o.left(), false, out, r);
                    walk(o.right(), false, out, r);
                }
            }
            case TExpr.FieldRef f
            when f.field().type == Type.BOOL -> out.putIfAbsent(f.field(), new Pick.Bool(positive));
            case TExpr.Compare c -> compare(c, positive, out);
            case TExpr.InLiteral i when positive -> member(i.left(), i.elems(), out, r);
            case TExpr.InContainer i when positive -> member(i.left(), PolicyValues.contents(i.container()), out, r);
            default -> {}
        }
    }

    private static void member(TExpr left, List<Elem> elems, Map<Field, Pick> out, RandomGenerator r) {
        if (elems.isEmpty() || !(left instanceof TExpr.FieldRef f)) return;
        Pick.of(elems.get(r.nextInt(elems.size()))).ifPresent(p -> out.putIfAbsent(f.field(), p));
    }

    private static void compare(TExpr.Compare c, boolean positive, Map<Field, Pick> out) {
        boolean flipped = !(c.left() instanceof TExpr.FieldRef);
        TExpr fieldSide = flipped ? c.right() : c.left(), other = flipped ? c.left() : c.right();
        if (!(fieldSide instanceof TExpr.FieldRef f)) return;
        CmpOp mirrored = flipped ? mirror(c.op()) : c.op();
        CmpOp op = positive ? mirrored : negate(mirrored);
        long max = f.field().type.isInt() ? f.field().type.maxValue().longValue() : 0;
        Optional<Pick> hint =
                switch (other) {
                    case TExpr.Const k when op == CmpOp.EQ -> Pick.of(k.value());
                    case TExpr.Const k when k.value() instanceof Elem.Int i -> range(op, i.value(), max);
                    case TExpr.IfaceConst k when op == CmpOp.EQ -> Optional.of(new Pick.Name(k.name()));
                    default -> Optional.empty();
                };
        hint.ifPresent(h -> out.putIfAbsent(f.field(), h));
    }

    private static Optional<Pick> range(CmpOp op, long v, long max) {
        return switch (op) {
            case LT -> v == 0 ? Optional.empty() : Optional.of(new Pick.Num(0, v - 1));
            case LE -> Optional.of(new Pick.Num(0, v));
            case GT -> v >= max ? Optional.empty() : Optional.of(new Pick.Num(v + 1, max));
            case GE -> Optional.of(new Pick.Num(v, max));
            default -> Optional.empty();
        };
    }

    private static CmpOp mirror(CmpOp op) {
        return switch (op) {
            case LT -> CmpOp.GT;
            case LE -> CmpOp.GE;
            case GT -> CmpOp.LT;
            case GE -> CmpOp.LE;
            default -> op;
        };
    }

    private static CmpOp negate(CmpOp op) {
        return switch (op) {
            case EQ -> CmpOp.NE;
            case NE -> CmpOp.EQ;
            case LT -> CmpOp.GE;
            case LE -> CmpOp.GT;
            case GT -> CmpOp.LE;
            case GE -> CmpOp.LT;
        };
    }
}
