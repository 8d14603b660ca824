package dev.routec.cli;

import dev.routec.compiler.packet.PacketPrinter;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.Span;
import dev.routec.compiler.testing.Outcome;
import dev.routec.compiler.testing.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code routec test} prints: as text, one line per test or property as it finishes
 * ({@code ok|FAIL  policy / name  (engines)}) with failure details indented under it, then
 * {@code N passed, M failed}; as JSON, one document at the end.
 */
final class TestReport {
    private static final String INDENT = "      ";

    private final long seed;
    private final int tries;
    private final TestEngines.Selection engines;
    private final PrintWriter text;
    private final List<String> jsonResults = new ArrayList<>();
    private int passed, failed;

    /** {@code text} receives the lines as they come; null for JSON. */
    TestReport(long seed, int tries, TestEngines.Selection engines, PrintWriter text) {
        this.seed = seed;
        this.tries = tries;
        this.engines = engines;
        this.text = text;
        if (text != null) {
            text.println("routec test: seed " + seed + " (replay with --seed " + seed + "), " + tries
                    + " packets per property");
            text.flush();
        }
    }

    int failed() {
        return failed;
    }

    /** A file that does not check counts as one failure. */
    void fileFailed(Path file, Frontend.Result r) {
        failed++;
        String summary = TestCommand.summary(r);
        if (text != null) {
            text.println("FAIL  " + file + "  (does not check: " + summary + ")");
            text.flush();
        }
        jsonResults.add("{\"file\":" + Json.str(file.toString()) + ",\"kind\":\"file\",\"policy\":null,\"name\":"
                + Json.str(file.toString()) + ",\"ok\":false,\"engines\":[],\"problems\":[{\"kind\":\"check\","
                + "\"line\":null,\"column\":null,\"packet\":null,\"message\":" + Json.str(summary)
                + ",\"results\":{}}],\"diagnostics\":" + Inputs.diagnosticsJson(r.diags()) + "}");
    }

    void add(Path file, Outcome o) {
        if (o.passed()) passed++;
        else failed++;
        if (text != null) {
            printText(file, o);
            text.flush();
        }
        jsonResults.add(json(file, o));
    }

    void finish(PrintWriter out) {
        if (text != null) {
            text.println(passed + " passed, " + failed + " failed");
            return;
        }
        StringBuilder sb = new StringBuilder("{\"seed\":")
                .append(seed)
                .append(",\"tries\":")
                .append(tries);
        sb.append(",\"engines\":")
                .append(strings(engines.factories().stream().map(f -> f.name()).toList()));
        sb.append(",\"notes\":").append(strings(engines.notes()));
        sb.append(",\"results\":[").append(String.join(",", jsonResults)).append(']');
        sb.append(",\"passed\":")
                .append(passed)
                .append(",\"failed\":")
                .append(failed)
                .append('}');
        out.println(sb);
    }

    // ---- text

    private void printText(Path file, Outcome o) {
        text.println((o.passed() ? "ok    " : "FAIL  ") + o.policy() + " / " + o.name() + "  ("
                + String.join(", ", o.engines()) + ")");
        if (o.passed()) return;
        o.property().ifPresent(this::property);
        for (Problem p : o.problems()) problem(file, p, o.property().isPresent());
    }

    private void property(Outcome.PropertyRun run) {
        if (run.counterexample().isEmpty()) return;
        text.println(INDENT + "counterexample after " + run.checked() + " packet" + (run.checked() == 1 ? "" : "s")
                + ", shrunk in " + run.shrinkSteps() + " step" + (run.shrinkSteps() == 1 ? "" : "s") + " (seed "
                + run.seed() + "):");
    }

    private void problem(Path file, Problem p, boolean property) {
        if (property) p.packet().ifPresent(pk -> text.println(INDENT + "  " + pk));
        else {
            String where = location(p.span());
            text.println(INDENT + where + p.packet().map(pk -> "  " + pk).orElse(""));
        }
        String pad = INDENT + (p.packet().isPresent() ? "  " : "");
        for (String line : p.message().split("\n")) text.println(pad + line);
        if (p.kind() == Problem.Kind.DISAGREEMENT) {
            int width = p.results().stream()
                    .mapToInt(r -> r.engine().length())
                    .max()
                    .orElse(0);
            for (Problem.EngineResult r : p.results())
                text.println(pad + "  " + pad(r.engine() + ":", width + 1) + " "
                        + r.result().toJson());
        }
        if (property && p.packet().isPresent())
            text.println(pad + "replay: routec test --seed " + seed + (tries == 1000 ? "" : " --tries " + tries) + " "
                    + file);
    }

    private static String location(Span s) {
        return s.file().name() + ":" + s.line() + ":" + s.column() + ":";
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    // ---- JSON

    private String json(Path file, Outcome o) {
        StringBuilder sb = new StringBuilder("{\"file\":").append(Json.str(file.toString()));
        sb.append(",\"kind\":").append(Json.str(o.kind().word()));
        sb.append(",\"policy\":").append(Json.str(o.policy()));
        sb.append(",\"name\":").append(Json.str(o.name()));
        sb.append(",\"line\":").append(o.span().line());
        sb.append(",\"ok\":").append(o.passed());
        sb.append(",\"engines\":").append(strings(o.engines()));
        o.property().ifPresent(run -> sb.append(",\"property\":").append(json(run)));
        sb.append(",\"problems\":[");
        for (int i = 0; i < o.problems().size(); i++)
            sb.append(i > 0 ? "," : "").append(json(o.problems().get(i)));
        return sb.append("]}").toString();
    }

    private static String json(Outcome.PropertyRun run) {
        return "{\"seed\":" + run.seed() + ",\"tries\":" + run.tries() + ",\"checked\":" + run.checked()
                + ",\"draws\":" + run.draws() + ",\"counterexample\":"
                + run.counterexample()
                        .map(s -> Json.str(PacketPrinter.print(s)))
                        .orElse("null")
                + ",\"original\":"
                + run.original().map(s -> Json.str(PacketPrinter.print(s))).orElse("null")
                + ",\"shrink_steps\":" + run.shrinkSteps() + "}";
    }

    private static String json(Problem p) {
        StringBuilder sb =
                new StringBuilder("{\"kind\":").append(Json.str(p.kind().word()));
        sb.append(",\"line\":")
                .append(p.span().line())
                .append(",\"column\":")
                .append(p.span().column());
        sb.append(",\"packet\":").append(p.packet().map(Json::str).orElse("null"));
        sb.append(",\"message\":").append(Json.str(p.message()));
        sb.append(",\"results\":{");
        for (int i = 0; i < p.results().size(); i++) {
            Problem.EngineResult r = p.results().get(i);
            sb.append(i > 0 ? "," : "")
                    .append(Json.str(r.engine()))
                    .append(':')
                    .append(r.result().toJson());
        }
        return sb.append("}}").toString();
    }

    private static String strings(List<String> xs) {
        return "[" + String.join(",", xs.stream().map(Json::str).toList()) + "]";
    }
}
