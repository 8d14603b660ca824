package dev.routec.compiler.check;

import dev.routec.compiler.ast.Action.Per;
import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.source.Span;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** A checked action (LANGUAGE.md §5). */
public sealed interface TAction {
    Span span();

    default boolean isVerdict() {
        return this instanceof Pass || this instanceof Drop || this instanceof Redirect || this instanceof Route;
    }

    /** Effects that change packet bytes or the mark, which later conditions may read. */
    default boolean rewrites() {
        return this instanceof Nat || this instanceof SetMark || this instanceof SetDscp || this instanceof SetTtl;
    }

    record Pass(Span span) implements TAction {}

    record Drop(Span span) implements TAction {}

    record Redirect(Span span, String iface) implements TAction {}

    record Route(Span span, OptionalLong table, Optional<IpAddr> via) implements TAction {}

    /**
     * {@code dnat|snat to ...}: either a pool (dnat only) or a fixed address, with an optional port
     * (a pool with ports supplies its own).
     */
    record Nat(Span span, boolean dnat, Optional<Defs.PoolDef> pool, Optional<IpAddr> addr, OptionalInt port)
            implements TAction {}

    record SetMark(Span span, TExpr value) implements TAction {}

    record SetDscp(Span span, TExpr value) implements TAction {}

    record SetTtl(Span span, TExpr value) implements TAction {}

    record Mirror(Span span, String iface) implements TAction {}

    /** Token bucket: {@code rate} tokens per {@code perSeconds} seconds, bucket size {@code burst}. */
    record Limit(Span span, long rate, int perSeconds, long burst, Optional<Per> per) implements TAction {}

    record Log(Span span, Optional<String> tag) implements TAction {}

    record Continue(Span span) implements TAction {}
}
