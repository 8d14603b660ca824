package dev.routec.cli;

import dev.routec.compiler.backend.ClangException;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.diag.Code;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.pipeline.Backend;
import dev.routec.compiler.pipeline.Frontend;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "compile",
        description = "Compile every policy of a file to NAME.bpf.c, NAME.bpf.o and NAME.manifest.json.")
final class CompileCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "a .route file")
    Path file;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "DIR",
            description = "output directory (default: the current one)")
    Path out = Path.of(".");

    @Option(names = "--policy", paramLabel = "N", description = "only this policy")
    String policy;

    @Option(names = "--json", description = "print the files written as one JSON document")
    boolean json;

    @Mixin
    JavaOutOptions javaOut;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        javaOut.validate();
        Frontend.Result r = Inputs.checked(file, err);
        List<CheckedPolicy> policies =
                policy == null ? r.policies() : List.of(PolicyChoice.policy(r, java.util.Optional.of(policy)));
        if (policies.isEmpty()) throw new UserError(ExitCode.INPUT, file + " holds no policy");
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UserError(ExitCode.INPUT, "cannot create " + out + ": " + e.getMessage());
        }
        StringBuilder js = new StringBuilder("{\"policies\":[");
        for (int i = 0; i < policies.size(); i++) {
            CheckedPolicy p = policies.get(i);
            Backend.Compiled c = compile(p, err);
            String base = p.name();
            write(out.resolve(base + ".bpf.c"), c.source().getBytes(StandardCharsets.UTF_8));
            write(out.resolve(base + ".bpf.o"), c.object());
            write(out.resolve(base + ".manifest.json"), c.manifest().getBytes(StandardCharsets.UTF_8));
            if (json)
                js.append(i > 0 ? "," : "")
                        .append("{\"policy\":")
                        .append(Json.str(base))
                        .append(",\"files\":[")
                        .append(String.join(
                                ",",
                                Arrays.stream(new String[] {".bpf.c", ".bpf.o", ".manifest.json"})
                                        .map(s -> Json.str(out.resolve(base + s).toString()))
                                        .toList()))
                        .append("]}");
            else o.println("compiled " + base + " -> " + out.resolve(base + ".bpf.o"));
        }
        List<Path> bindings = javaOut.write(policies, file);
        if (!json) bindings.forEach(b -> o.println("wrote " + b));
        if (json) {
            js.append("],\"bindings\":[");
            js.append(String.join(
                    ",", bindings.stream().map(b -> Json.str(b.toString())).toList()));
            o.println(js.append("]}"));
        }
        o.flush();
        return ExitCode.OK;
    }

    /** Compiles one policy; a clang failure becomes a diagnostic naming the policy. */
    static Backend.Compiled compile(CheckedPolicy p, PrintWriter err) {
        try {
            return Backend.compile(p);
        } catch (ClangException e) {
            if (e.missing()) throw new UserError(ExitCode.ENVIRONMENT, e.getMessage());
            Diagnostics d = new Diagnostics();
            var b = d.error(
                    Code.BACKEND,
                    p.ast().name().span(),
                    "policy `" + p.name() + "`: " + e.getMessage() + " on the generated C");
            for (String line : tail(e.output(), 12)) b.help(line);
            b.help("this is a bug in routec; please report it with the policy");
            b.emit();
            Inputs.print(d, err);
            throw new UserError(ExitCode.INTERNAL, "policy `" + p.name() + "` could not be compiled");
        }
    }

    static List<String> tail(String text, int n) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    private static void write(Path p, byte[] bytes) {
        try {
            Files.write(p, bytes);
        } catch (IOException e) {
            throw new UserError(ExitCode.INPUT, "cannot write " + p + ": " + e.getMessage());
        }
    }
}
