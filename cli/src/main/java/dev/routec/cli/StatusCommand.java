package dev.routec.cli;

import dev.routec.cli.deploy.DeployRoots;
import dev.routec.cli.deploy.Deployer;
import dev.routec.cli.deploy.Status;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "status",
        description =
                "List deployed policies with their hooks, interfaces and program ids, checked against the kernel.")
final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "only this policy")
    Optional<String> name;

    @Option(names = "--json", description = "one JSON document")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DeployRoots roots = DeployRoots.fromEnvironment();
        Deployer.requireKernel(roots);
        Status st = new Status(roots);
        List<Status.PolicyStatus> all = name.isPresent()
                ? List.of(st.of(DeployRoots.checkName(name.get()))
                        .orElseThrow(
                                () -> new UserError(ExitCode.INPUT, "policy `" + name.get() + "` is not deployed")))
                : st.all();
        if (json) out.println(json(all));
        else if (all.isEmpty()) out.println("no policies deployed");
        else all.forEach(p -> out.print(human(p, roots)));
        out.flush();
        return ExitCode.OK;
    }

    private static String human(Status.PolicyStatus p, DeployRoots roots) {
        StringBuilder sb = new StringBuilder("policy ").append(p.state().policy());
        sb.append(" (generation ")
                .append(p.state().generation())
                .append(", deployed ")
                .append(p.state().deployedAt());
        p.state().netns().ifPresent(n -> sb.append(", netns ").append(n));
        sb.append(")").append(p.healthy() ? "" : "  NOT HEALTHY").append('\n');
        for (Status.HookStatus h : p.hooks()) {
            sb.append(String.format(
                    "  %-10s on %-15s program id %-6d %s%n",
                    h.hook().hook(),
                    h.hook().iface(),
                    h.hook().progId(),
                    h.attached() ? "attached" : "NOT ATTACHED: " + h.detail()));
        }
        sb.append("  maps: ")
                .append(roots.pinDir(p.state().policy()))
                .append(p.pinned() ? "" : " (MISSING)")
                .append('\n');
        return sb.toString();
    }

    private static String json(List<Status.PolicyStatus> all) {
        StringBuilder sb = new StringBuilder("{\"policies\":[");
        for (int i = 0; i < all.size(); i++) {
            Status.PolicyStatus p = all.get(i);
            if (i > 0) sb.append(',');
            sb.append("{\"policy\":")
                    .append(Json.str(p.state().policy()))
                    .append(",\"generation\":")
                    .append(p.state().generation())
                    .append(",\"deployed_at\":")
                    .append(Json.str(p.state().deployedAt()))
                    .append(",\"netns\":")
                    .append(Json.str(p.state().netns().orElse(null)))
                    .append(",\"pinned\":")
                    .append(p.pinned())
                    .append(",\"healthy\":")
                    .append(p.healthy())
                    .append(",\"hooks\":[");
            for (int j = 0; j < p.hooks().size(); j++) {
                Status.HookStatus h = p.hooks().get(j);
                if (j > 0) sb.append(',');
                sb.append("{\"hook\":")
                        .append(Json.str(h.hook().hook()))
                        .append(",\"iface\":")
                        .append(Json.str(h.hook().iface()))
                        .append(",\"prog_id\":")
                        .append(h.hook().progId())
                        .append(",\"attached\":")
                        .append(h.attached())
                        .append(",\"detail\":")
                        .append(Json.str(h.detail()))
                        .append('}');
            }
            sb.append("]}");
        }
        return sb.append("]}").toString();
    }
}
