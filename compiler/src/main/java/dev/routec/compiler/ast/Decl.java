package dev.routec.compiler.ast;

import dev.routec.compiler.source.Span;
import java.util.Optional;

/** Named declarations of a policy. Names are unique per policy across kinds (and rules). */
public sealed interface Decl {
    Span span();

    Ident name();

    /** {@code const NAME = VALUE}. */
    record Const(Span span, Ident name, Value value) implements Decl {}

    /** {@code set NAME : T [capacity N] [= {...}]}. */
    record SetDecl(Span span, Ident name, TypeRef type, Optional<Value.Int> capacity, Optional<Value.SetLit> init)
            implements Decl {}

    /** {@code map NAME : K -> V [capacity N] [default D] [= {...}]}. */
    record MapDecl(
            Span span,
            Ident name,
            TypeRef key,
            TypeRef value,
            Optional<Value.Int> capacity,
            Optional<Value> dflt,
            Optional<Value.SetLit> init)
            implements Decl {}

    /** {@code pool NAME : ipv4[:port] [capacity N] [= {...}]}. */
    record PoolDecl(Span span, Ident name, TypeRef type, Optional<Value.Int> capacity, Optional<Value.SetLit> init)
            implements Decl {}

    /** A type as written: {@code ipv4}, {@code prefix6}, {@code ipv4:port}. */
    record TypeRef(Span span, String name, Optional<String> sub) {
        public String text() {
            return sub.map(s -> name + ":" + s).orElse(name);
        }
    }
}
