package dev.routec.compiler.check;

import dev.routec.compiler.ast.Expr.CmpOp;
import dev.routec.compiler.ast.Expr.Verdict;
import dev.routec.compiler.source.Span;
import java.util.List;

/**
 * A checked expression: names resolved, constants folded, every node typed. This is the typed
 * form that the reference interpreter evaluates and the lowering compiles. Absent-field rule: a
 * comparison or {@code in} reading an absent field is false; {@code not} is plain negation; a bare
 * boolean field that is absent is false.
 */
public sealed interface TExpr {
    Span span();

    Type type();

    record FieldRef(Span span, Field field) implements TExpr {
        @Override
        public Type type() {
            return field.type;
        }
    }

    /** A constant of the given type: integer, address, prefix (only under `in`), mac. */
    record Const(Span span, Type type, Elem value) implements TExpr {}

    record IfaceConst(Span span, String name) implements TExpr {
        @Override
        public Type type() {
            return Type.IFACE;
        }
    }

    record VerdictConst(Span span, Verdict verdict) implements TExpr {
        @Override
        public Type type() {
            return Type.VERDICT;
        }
    }

    /** A rule name (or "default") compared with `rule` in checks. */
    record RuleConst(Span span, String rule) implements TExpr {
        @Override
        public Type type() {
            return Type.RULE;
        }
    }

    /** {@code M[k]}: the value, or the map's default when the key is missing or absent. */
    record MapRead(Span span, Defs.MapDef map, TExpr key) implements TExpr {
        @Override
        public Type type() {
            return map.valueType();
        }
    }

    record BitAnd(Span span, Type type, TExpr left, TExpr right) implements TExpr {}

    record Compare(Span span, CmpOp op, TExpr left, TExpr right) implements TExpr {
        @Override
        public Type type() {
            return Type.BOOL;
        }
    }

    /** Membership in a named set, a map's keys, or a pool's member addresses (longest-prefix for prefixes). */
    record InContainer(Span span, TExpr left, Defs.Container container) implements TExpr {
        @Override
        public Type type() {
            return Type.BOOL;
        }
    }

    /** Membership in a literal: values, ranges and prefixes. */
    record InLiteral(Span span, TExpr left, List<Elem> elems) implements TExpr {
        public InLiteral {
            elems = List.copyOf(elems);
        }

        @Override
        public Type type() {
            return Type.BOOL;
        }
    }

    record Not(Span span, TExpr operand) implements TExpr {
        @Override
        public Type type() {
            return Type.BOOL;
        }
    }

    record And(Span span, TExpr left, TExpr right) implements TExpr {
        @Override
        public Type type() {
            return Type.BOOL;
        }
    }

    record Or(Span span, TExpr left, TExpr right) implements TExpr {
        @Override
        public Type type() {
            return Type.BOOL;
        }
    }
}
