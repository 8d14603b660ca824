package dev.routec.cli;

import dev.routec.cli.deploy.DeployRoots;
import dev.routec.cli.deploy.Deployment;
import dev.routec.cli.deploy.Events;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "trace",
        description = {
            "Stream the `log` events of a deployed policy as JSON lines: time, rule, tag, hook, interface, length",
            "and the packet in routec's notation. Runs until interrupted, --count events or --timeout seconds."
        })
final class TraceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "the deployed policy")
    String name;

    @Option(names = "--count", paramLabel = "N", description = "stop after N events")
    Optional<Integer> count;

    @Option(names = "--timeout", paramLabel = "S", description = "stop after S seconds")
    Optional<Double> timeout;

    @Option(names = "--json", description = "JSON lines (the only format; accepted for uniformity)")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (count.isPresent() && count.get() < 1) throw new UserError(ExitCode.USAGE, "--count must be at least 1");
        if (timeout.isPresent() && !(timeout.get() > 0))
            throw new UserError(ExitCode.USAGE, "--timeout must be positive");
        long deadline = timeout.map(t -> System.nanoTime() + (long) (t * 1e9)).orElse(Long.MAX_VALUE);
        int seen = 0;
        try (Deployment d = Deployment.open(DeployRoots.fromEnvironment(), name);
                Events ev = new Events(d)) {
            while (count.isEmpty() || seen < count.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                for (String line : ev.poll(Duration.ofNanos(Math.min(left, 200_000_000L)))) {
                    out.println(line);
                    if (++seen == count.orElse(Integer.MAX_VALUE)) break;
                }
                out.flush();
                if (Thread.currentThread().isInterrupted()) break;
            }
        }
        out.flush();
        return ExitCode.OK;
    }
}
