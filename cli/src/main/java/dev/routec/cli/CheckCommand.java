package dev.routec.cli;

import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.diag.Renderer;
import dev.routec.compiler.pipeline.Frontend;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check", description = "Parse, type-check and analyse policies; print diagnostics only.")
final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = ".route files")
    List<Path> files;

    @Option(names = "--json", description = "print the diagnostics as one JSON document")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        long errors = 0, warnings = 0;
        StringBuilder js = new StringBuilder("{\"files\":[");
        for (int i = 0; i < files.size(); i++) {
            Frontend.Result r = Frontend.check(Inputs.read(files.get(i)));
            Diagnostics d = r.diags();
            errors += d.errorCount();
            warnings += d.all().size() - d.errorCount();
            if (json) {
                js.append(i > 0 ? "," : "")
                        .append("{\"file\":")
                        .append(Json.str(files.get(i).toString()))
                        .append(",\"ok\":")
                        .append(r.ok())
                        .append(",\"policies\":[");
                for (int k = 0; k < r.policies().size(); k++)
                    js.append(k > 0 ? "," : "")
                            .append(Json.str(r.policies().get(k).name()));
                js.append("],\"diagnostics\":")
                        .append(Inputs.diagnosticsJson(d))
                        .append('}');
            } else Inputs.print(d, err);
        }
        if (json) out.println(js.append("]}"));
        else if (errors + warnings > 0) err.println(Renderer.summary(errors, warnings));
        out.flush();
        err.flush();
        return errors > 0 ? ExitCode.INPUT : ExitCode.OK;
    }
}
