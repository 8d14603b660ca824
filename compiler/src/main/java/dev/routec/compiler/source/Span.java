package dev.routec.compiler.source;

/** A half-open range [start, end) of character offsets in one source file. */
public record Span(SourceFile file, int start, int end) {
    public Span {
        if (start < 0 || end < start) throw new IllegalArgumentException("bad span " + start + ".." + end);
    }

    /** A span for values made by the compiler rather than read from a file. */
    public static Span synthetic(String what) {
        return new Span(new SourceFile("<" + what + ">", ""), 0, 0);
    }

    public int line() {
        return file.line(start);
    }

    public int column() {
        return file.column(start);
    }

    public String text() {
        return file.text().substring(start, Math.min(end, file.text().length()));
    }

    public Span to(Span other) {
        return new Span(file, Math.min(start, other.start), Math.max(end, other.end));
    }

    @Override
    public String toString() {
        return file.name() + ":" + line() + ":" + column();
    }
}
