package dev.routec.cli;

import dev.routec.cli.deploy.Counters;
import dev.routec.cli.deploy.DeployRoots;
import dev.routec.cli.deploy.Deployment;
import dev.routec.compiler.emit.MapLayout;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "stats",
        description =
                "Per-rule packets, bytes, limit drops and empty-pool drops of a deployed policy, summed over CPUs.")
final class StatsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "the deployed policy")
    String name;

    @Option(names = "--watch", description = "print a JSON line every second until interrupted")
    boolean watch;

    @Option(names = "--count", paramLabel = "N", description = "with --watch: stop after N lines")
    Optional<Integer> count;

    @Option(names = "--json", description = "one JSON document (JSON lines with --watch)")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (count.isPresent() && count.get() < 1) throw new UserError(ExitCode.USAGE, "--count must be at least 1");
        try (Deployment d = Deployment.open(DeployRoots.fromEnvironment(), name)) {
            if (!watch) {
                List<Counters.RuleCounter> c = Counters.read(d);
                out.println(json ? json(name, c) : human(name, c));
                out.flush();
                return ExitCode.OK;
            }
            int n = 0;
            long next = System.nanoTime();
            while (count.isEmpty() || n < count.get()) {
                out.println(json(name, Counters.read(d)));
                out.flush();
                if (++n == count.orElse(Integer.MAX_VALUE)) break;
                next += 1_000_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
            }
        }
        return ExitCode.OK;
    }

    static String json(String policy, List<Counters.RuleCounter> cs) {
        StringBuilder sb = new StringBuilder("{\"time\":")
                .append(Json.str(Instant.now().toString()))
                .append(",\"policy\":")
                .append(Json.str(policy))
                .append(",\"rules\":[");
        for (int i = 0; i < cs.size(); i++) {
            Counters.RuleCounter r = cs.get(i);
            MapLayout.Counter c = r.counter();
            sb.append(i > 0 ? "," : "")
                    .append("{\"id\":")
                    .append(r.id())
                    .append(",\"rule\":")
                    .append(Json.str(r.rule()))
                    .append(",\"packets\":")
                    .append(Long.toUnsignedString(c.packets()))
                    .append(",\"bytes\":")
                    .append(Long.toUnsignedString(c.bytes()))
                    .append(",\"limited\":")
                    .append(Long.toUnsignedString(c.limited()))
                    .append(",\"pool_empty\":")
                    .append(Long.toUnsignedString(c.poolEmpty()))
                    .append('}');
        }
        return sb.append("]}").toString();
    }

    static String human(String policy, List<Counters.RuleCounter> cs) {
        int w = Math.max(4, cs.stream().mapToInt(r -> r.rule().length()).max().orElse(4));
        StringBuilder sb = new StringBuilder("policy " + policy + "\n");
        sb.append(String.format(
                "  %-" + w + "s %12s %14s %9s %10s%n", "rule", "packets", "bytes", "limited", "pool_empty"));
        for (Counters.RuleCounter r : cs) {
            MapLayout.Counter c = r.counter();
            sb.append(String.format(
                    "  %-" + w + "s %12s %14s %9s %10s%n",
                    r.rule(),
                    Long.toUnsignedString(c.packets()),
                    Long.toUnsignedString(c.bytes()),
                    Long.toUnsignedString(c.limited()),
                    Long.toUnsignedString(c.poolEmpty())));
        }
        return sb.toString().stripTrailing();
    }
}
