package dev.routec.compiler.ast;

import dev.routec.compiler.source.SourceFile;
import dev.routec.compiler.source.Span;
import java.util.List;

/** A parsed .route file: its policies in source order. */
public record PolicyFile(Span span, SourceFile source, List<Policy> policies) {
    public PolicyFile {
        policies = List.copyOf(policies);
    }
}
