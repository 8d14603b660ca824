package dev.routec.compiler.ast;

import dev.routec.compiler.source.Span;
import java.util.List;
import java.util.Optional;

/** {@code test "NAME" { given...  PACKET => EXPECT ... }}. */
public record TestBlock(Span span, Value.Str name, List<Given> givens, List<Case> cases) {
    public TestBlock {
        givens = List.copyOf(givens);
        cases = List.copyOf(cases);
    }

    public sealed interface Given {
        Span span();

        Ident name();
    }

    /** {@code given S += {...}}, {@code -=}, or {@code given POOL = {...}}. */
    public record SetGiven(Span span, Ident name, GivenOp op, Value.SetLit elements) implements Given {}

    /** {@code given M[k] = v}. */
    public record MapGiven(Span span, Ident name, Value key, Value value) implements Given {}

    public enum GivenOp {
        ADD("+="),
        REMOVE("-="),
        REPLACE("=");

        public final String text;

        GivenOp(String text) {
            this.text = text;
        }
    }

    /** {@code PACKET => VERDICT [by RULE] {, CHECK}}. */
    public record Case(Span span, PacketNode packet, Expect expect) {}

    public record Expect(
            Span span, Expr.Verdict verdict, Optional<Value.Str> iface, Optional<Ident> by, List<Expr> checks) {
        public Expect {
            checks = List.copyOf(checks);
        }
    }
}
