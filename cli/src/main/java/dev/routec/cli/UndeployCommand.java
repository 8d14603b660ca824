package dev.routec.cli;

import dev.routec.cli.deploy.DeployRoots;
import dev.routec.cli.deploy.Undeployer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "undeploy",
        description = "Detach a deployed policy everywhere, remove what routec created for it, and unpin its maps.")
final class UndeployCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "the deployed policy")
    String name;

    @Option(names = "--json", description = "one JSON document")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Undeployer.Result r = new Undeployer(DeployRoots.fromEnvironment()).undeploy(name);
        if (json)
            out.println("{\"policy\":" + Json.str(r.policy()) + ",\"notes\":" + DeployOutput.strings(r.notes()) + "}");
        else {
            out.println("undeployed policy `" + r.policy() + "`");
            r.notes().forEach(n -> out.println("  " + n));
        }
        out.flush();
        return ExitCode.OK;
    }
}
