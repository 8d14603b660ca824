package dev.routec.cli;

import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.diag.Renderer;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.testing.PolicyTester;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "test",
        description = "Run every test and property of the files on every engine (the reference interpreter, and the"
                + " kernel when available); engines must agree. Ends with `N passed, M failed`.")
final class TestCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = ".route files")
    List<Path> files;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "seed for the packets properties draw (default: random, printed so the run can be replayed)")
    Long seed;

    @Option(
            names = "--tries",
            paramLabel = "N",
            defaultValue = "1000",
            description = "packets each property checks (default: ${DEFAULT-VALUE})")
    int tries;

    @Option(names = "--json", description = "one JSON document instead of text")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (tries < 1) throw new UserError(ExitCode.USAGE, "--tries must be at least 1");
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1_000_000_000L);
        TestEngines.Selection engines = TestEngines.select(TestEngines.requireKernel());
        engines.notes().forEach(n -> err.println("routec test: " + n));
        TestReport report = new TestReport(s, tries, engines, json ? null : out);
        PolicyTester.Options options = new PolicyTester.Options(s, tries);
        for (Path file : files) {
            Frontend.Result r = Frontend.check(Inputs.read(file));
            Inputs.print(r.diags(), err);
            if (!r.ok()) {
                report.fileFailed(file, r);
                continue;
            }
            if (r.policies().stream()
                    .allMatch(p -> p.tests().isEmpty() && p.properties().isEmpty()))
                err.println("routec test: " + file + " has no test or property");
            for (CheckedPolicy p : r.policies()) {
                try (PolicyTester tester = new PolicyTester(p, engines.factories(), options)) {
                    for (CheckedPolicy.Test t : p.tests()) report.add(file, tester.test(t));
                    for (CheckedPolicy.Prop prop : p.properties()) report.add(file, tester.property(prop));
                }
            }
        }
        report.finish(out);
        out.flush();
        return report.failed() == 0 ? ExitCode.OK : ExitCode.INPUT;
    }

    static String summary(Frontend.Result r) {
        long errors = r.diags().errorCount();
        return Renderer.summary(errors, r.diags().all().size() - errors);
    }
}
