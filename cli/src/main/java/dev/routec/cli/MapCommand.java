package dev.routec.cli;

import dev.routec.cli.deploy.DeployRoots;
import dev.routec.cli.deploy.Deployment;
import dev.routec.cli.deploy.MapEditor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "map",
        description = {
            "Show or change the runtime contents of a deployed policy's set, map or pool.",
            "Sets: elements (ranges for port/u32). Maps: KEY=VALUE (or KEY:VALUE) to add, KEY to delete.",
            "Pools: members; the Maglev table and address index are rewritten."
        })
final class MapCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "the deployed policy")
    String name;

    @Parameters(index = "1", paramLabel = "DECL", description = "a set, map or pool of the policy")
    String decl;

    @Parameters(index = "2", paramLabel = "OP", description = "add, del or list")
    String op;

    @Parameters(index = "3..*", paramLabel = "VALUES", description = "elements, KEY=VALUE entries or members")
    List<String> values = new ArrayList<>();

    @Option(names = "--json", description = "one JSON document")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (!List.of("add", "del", "list").contains(op))
            throw new UserError(ExitCode.USAGE, "unknown operation `" + op + "`; use add, del or list");
        if (op.equals("list") != values.isEmpty())
            throw new UserError(
                    ExitCode.USAGE,
                    op.equals("list") ? "`list` takes no values" : "`" + op + "` needs at least one value");
        try (Deployment d = Deployment.open(DeployRoots.fromEnvironment(), name);
                MapEditor ed = new MapEditor(d)) {
            if (op.equals("list")) {
                MapEditor.Listing l = ed.list(decl);
                if (json) out.println(listingJson(name, l));
                else {
                    out.println(l.kind() + " " + l.decl() + " : " + l.type() + " ("
                            + l.entries().size() + " of " + l.capacity() + ")");
                    l.entries().forEach(e -> out.println("  " + e));
                }
            } else {
                List<String> notes = op.equals("add") ? ed.add(decl, values) : ed.del(decl, values);
                if (json)
                    out.println("{\"policy\":" + Json.str(name) + ",\"decl\":" + Json.str(decl) + ",\"op\":"
                            + Json.str(op) + ",\"notes\":" + DeployOutput.strings(notes) + "}");
                else notes.forEach(out::println);
            }
        }
        out.flush();
        err.flush();
        return ExitCode.OK;
    }

    private static String listingJson(String policy, MapEditor.Listing l) {
        return "{\"policy\":" + Json.str(policy) + ",\"decl\":" + Json.str(l.decl()) + ",\"kind\":" + Json.str(l.kind())
                + ",\"type\":" + Json.str(l.type()) + ",\"capacity\":" + l.capacity() + ",\"entries\":"
                + DeployOutput.strings(l.entries()) + "}";
    }
}
