package dev.routec.cli;

import dev.routec.compiler.diag.Diagnostic;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.diag.Renderer;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading source files and printing diagnostics, shared by the commands. */
final class Inputs {
    private Inputs() {}

    static SourceFile read(Path file) {
        try {
            return new SourceFile(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new UserError(ExitCode.INPUT, "cannot read " + file + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new UserError(ExitCode.INPUT, "cannot read " + file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new UserError(ExitCode.INPUT, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Prints every diagnostic in source order. */
    static void print(Diagnostics diags, PrintWriter err) {
        for (Diagnostic d : diags.sorted()) err.print(Renderer.render(d));
    }

    /** Front end on a file; prints diagnostics; throws exit 1 when there are errors. */
    static Frontend.Result checked(Path file, PrintWriter err) {
        Frontend.Result r = Frontend.check(read(file));
        print(r.diags(), err);
        if (!r.ok()) {
            throw new UserError(
                    ExitCode.INPUT,
                    file + ": "
                            + Renderer.summary(
                                    r.diags().errorCount(),
                                    r.diags().all().size() - r.diags().errorCount()));
        }
        return r;
    }

    static String diagnosticsJson(Diagnostics diags) {
        StringBuilder sb = new StringBuilder("[");
        boolean first = true;
        for (Diagnostic d : diags.sorted()) {
            if (!first) sb.append(',');
            first = false;
            sb.append("{\"file\":")
                    .append(Json.str(d.span().file().name()))
                    .append(",\"line\":")
                    .append(d.span().line())
                    .append(",\"column\":")
                    .append(d.span().column())
                    .append(",\"severity\":")
                    .append(Json.str(d.severity().word()))
                    .append(",\"code\":")
                    .append(Json.str(d.code().id()))
                    .append(",\"message\":")
                    .append(Json.str(d.message()))
                    .append(",\"help\":[");
            for (int i = 0; i < d.help().size(); i++)
                sb.append(i > 0 ? "," : "").append(Json.str(d.help().get(i)));
            sb.append("]}");
        }
        return sb.append(']').toString();
    }
}
