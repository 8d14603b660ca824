package dev.routec.compiler.ast;

import dev.routec.compiler.source.Span;

/** Conditions and checks (LANGUAGE.md §4). */
public sealed interface Expr {
    Span span();

    /** A literal value, or a name to resolve (const, set, map, pool, rule). */
    record Lit(Span span, Value value) implements Expr {}

    /** A packet field or predicate ({@code src}, {@code ip.ttl}, {@code tcp}); also {@code verdict}/{@code rule} in checks. */
    record Field(Span span, String name) implements Expr {}

    /** {@code M[k]}. */
    record MapRead(Span span, Ident map, Expr key) implements Expr {}

    /** A verdict word in a check: {@code verdict == drop}. */
    record VerdictLit(Span span, Verdict verdict) implements Expr {}

    record BitAnd(Span span, Expr left, Expr right) implements Expr {}

    record In(Span span, Expr left, Expr right) implements Expr {}

    record Compare(Span span, CmpOp op, Expr left, Expr right) implements Expr {}

    record Not(Span span, Expr operand) implements Expr {}

    record And(Span span, Expr left, Expr right) implements Expr {}

    record Or(Span span, Expr left, Expr right) implements Expr {}

    enum CmpOp {
        EQ("=="),
        NE("!="),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">=");

        public final String text;

        CmpOp(String text) {
            this.text = text;
        }
    }

    enum Verdict {
        PASS,
        DROP,
        REDIRECT,
        ROUTE;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
