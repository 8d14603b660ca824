package dev.routec.compiler.diag;

import dev.routec.compiler.source.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects diagnostics: passes report everything they find and keep going. */
public final class Diagnostics {
    private final List<Diagnostic> all = new ArrayList<>();

    public Builder error(Code code, Span span, String message) {
        return new Builder(code, span, message, Severity.ERROR);
    }

    public Builder warning(Code code, Span span, String message) {
        return new Builder(code, span, message, code.isWarning() ? Severity.WARNING : Severity.ERROR);
    }

    public void add(Diagnostic d) {
        all.add(d);
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(Diagnostic::isError);
    }

    public long errorCount() {
        return all.stream().filter(Diagnostic::isError).count();
    }

    /** In source order (file, offset), errors before warnings at the same place. */
    public List<Diagnostic> sorted() {
        return all.stream()
                .sorted(Comparator.comparing((Diagnostic d) -> d.span().file().name())
                        .thenComparingInt(d -> d.span().start())
                        .thenComparing(Diagnostic::severity))
                .toList();
    }

    public List<Diagnostic> all() {
        return List.copyOf(all);
    }

    /** Fluent construction so call sites read as one statement; {@link #emit()} records it. */
    public final class Builder {
        private final Code code;
        private final Span span;
        private final String message;
        private final Severity severity;
        private final List<Diagnostic.Label> labels = new ArrayList<>();
        private final List<String> help = new ArrayList<>();

        private Builder(Code code, Span span, String message, Severity severity) {
            this.code = code;
            this.span = span;
            this.message = message;
            this.severity = severity;
        }

        public Builder label(Span at, String text) {
            labels.add(new Diagnostic.Label(at, text));
            return this;
        }

        public Builder help(String text) {
            help.add(text);
            return this;
        }

        public void emit() {
            all.add(new Diagnostic(span, severity, code, message, labels, help));
        }
    }
}
