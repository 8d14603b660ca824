package dev.routec.compiler.ast;

import dev.routec.compiler.source.Span;
import java.util.Optional;

/** Actions of a rule or the default (LANGUAGE.md §5). */
public sealed interface Action {
    Span span();

    /** Verdicts end evaluation; everything else is an effect. */
    default boolean isVerdict() {
        return this instanceof Pass || this instanceof Drop || this instanceof Redirect || this instanceof Route;
    }

    record Pass(Span span) implements Action {}

    record Drop(Span span) implements Action {}

    record Redirect(Span span, Value.Str iface) implements Action {}

    record Route(Span span, Optional<Value.Int> table, Optional<Value> via) implements Action {}

    /** {@code dnat|snat to TARGET}. */
    record Nat(Span span, boolean dnat, NatTarget target) implements Action {}

    /** {@code set mark|dscp|ttl = EXPR}. */
    record SetField(Span span, SetTarget field, Expr value) implements Action {}

    record Mirror(Span span, Value.Str iface) implements Action {}

    record Limit(Span span, Value.Int count, Ident unit, Optional<Value.Int> burst, Optional<Per> per)
            implements Action {}

    record Log(Span span, Optional<Value.Str> tag) implements Action {}

    record Continue(Span span) implements Action {}

    enum SetTarget {
        MARK,
        DSCP,
        TTL
    }

    enum Per {
        SRC,
        DST,
        FLOW
    }

    /** Where a NAT goes: a named pool or const, or an address literal; with an optional port. */
    sealed interface NatTarget {
        Span span();

        Optional<Value.Int> port();
    }

    record NameTarget(Span span, Ident name, Optional<Value.Int> port) implements NatTarget {}

    record AddrTarget(Span span, Value addr, Optional<Value.Int> port) implements NatTarget {}
}
