package dev.routec.compiler.ast;

import dev.routec.compiler.source.Span;
import java.util.Optional;

/** {@code property "NAME" { forall CLASS [where EXPR] => CHECK }}. */
public record Property(Span span, Value.Str name, PacketClass packetClass, Optional<Expr> where, Expr check) {
    public enum PacketClass {
        TCP,
        UDP,
        ICMP,
        IPV4,
        IPV6,
        ANY
    }
}
