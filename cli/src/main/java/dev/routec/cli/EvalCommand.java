package dev.routec.cli;

import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.interp.Interpreter;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.packet.Frame;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "eval",
        description = "Run the reference interpreter (no kernel) on a packet or on every frame of a capture.")
final class EvalCommand implements Callable<Integer> {
    @Mixin
    PolicySelection selection;

    @ArgGroup(exclusive = true, multiplicity = "1")
    PacketSource.Input input;

    @Option(names = "--json", description = "one JSON object per packet")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        CheckedPolicy p = selection.policy(err);
        Policy.Hook h = selection.hook(p);
        // every packet of one eval arrives at the same instant, as in a test (LANGUAGE.md §6) and in
        // `routec run`, so `limit` decides the same way on both and from run to run
        Interpreter interp = new Interpreter(p, () -> KernelPolicy.CLOCK_NS);
        input.forEach(err, (Frame f) -> print(out, interp.run(f, h)));
        out.flush();
        return ExitCode.OK;
    }

    private void print(PrintWriter out, Result res) {
        out.println(json ? res.toJson() : human(res));
    }

    static String human(Result res) {
        StringBuilder sb = new StringBuilder(res.verdict().word());
        res.iface().ifPresent(i -> sb.append(" \"").append(i).append('"'));
        sb.append(" by ").append(res.rule());
        res.mark().ifPresent(m -> sb.append(", mark ").append(Long.toUnsignedString(m)));
        return sb.append(": ").append(res.packet()).toString();
    }
}
