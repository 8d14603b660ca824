package dev.routec.compiler.diag;

import dev.routec.compiler.source.Span;

/**
 * Renders diagnostics in the clang/rustc style of LANGUAGE.md §9:
 *
 * <pre>
 * FILE:LINE:COL: error: message
 *    12 | source line
 *       |        ^^^^
 * help: the fix
 * </pre>
 */
public final class Renderer {
    private Renderer() {}

    public static String render(Diagnostic d) {
        StringBuilder sb = new StringBuilder();
        sb.append(d.span())
                .append(": ")
                .append(d.severity().word())
                .append(": ")
                .append(d.message())
                .append('\n');
        snippet(sb, d.span());
        for (Diagnostic.Label l : d.labels()) {
            sb.append(l.span()).append(": note: ").append(l.message()).append('\n');
            snippet(sb, l.span());
        }
        for (String h : d.help()) sb.append("help: ").append(h).append('\n');
        return sb.toString();
    }

    private static void snippet(StringBuilder sb, Span span) {
        if (span.file().text().isEmpty()) return;
        int line = span.line();
        String text = span.file().lineText(line);
        String num = Integer.toString(line);
        String pad = " ".repeat(num.length());
        sb.append(' ').append(num).append(" | ").append(text).append('\n');
        int col = span.column() - 1;
        int len = Math.max(1, Math.min(span.end(), span.start() + Math.max(0, text.length() - col)) - span.start());
        StringBuilder lead = new StringBuilder();
        for (int i = 0; i < col && i < text.length(); i++) lead.append(text.charAt(i) == '\t' ? '\t' : ' ');
        sb.append(' ')
                .append(pad)
                .append(" | ")
                .append(lead)
                .append("^".repeat(len))
                .append('\n');
    }

    /** The one-line summary printed after all diagnostics. */
    public static String summary(long errors, long warnings) {
        return errors + (errors == 1 ? " error" : " errors") + ", " + warnings
                + (warnings == 1 ? " warning" : " warnings");
    }
}
