package dev.routec.compiler.diag;

import dev.routec.compiler.source.Span;
import java.util.List;

/**
 * One finding about the user's input: a primary span and message, secondary labels that point at
 * related places (the rule that shadows), and help lines with the fix when one is known.
 */
public record Diagnostic(
        Span span, Severity severity, Code code, String message, List<Label> labels, List<String> help) {
    public Diagnostic {
        labels = List.copyOf(labels);
        help = List.copyOf(help);
    }

    /** A secondary location with its own short message. */
    public record Label(Span span, String message) {}

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
