package dev.routec.compiler.ast;

import dev.routec.compiler.source.Span;

/** A name as written, with its position. */
public record Ident(Span span, String text) {
    @Override
    public String toString() {
        return text;
    }
}
