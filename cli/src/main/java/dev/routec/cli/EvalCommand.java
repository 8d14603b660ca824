package dev.routec.cli;

import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.interp.Interpreter;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.pipeline.Frontend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "eval",
        description = "Run the reference interpreter (no kernel) on a packet or on every frame of a capture.")
final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "a .route file")
    Path file;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--packet", paramLabel = "P", description = "a packet in routec's notation")
        String packet;

        @Option(
                names = "--pcap",
                paramLabel = "CAPTURE",
                description = "a pcap file; every Ethernet frame is evaluated")
        Path pcap;
    }

    @Option(names = "--policy", paramLabel = "N", description = "the policy, when the file holds several")
    Optional<String> policy;

    @Option(
            names = "--hook",
            paramLabel = "H",
            description = "xdp, tc-ingress or tc-egress (default: the policy's first hook)")
    Optional<String> hook;

    @Option(names = "--json", description = "one JSON object per packet")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Frontend.Result r = Inputs.checked(file, err);
        CheckedPolicy p = PolicyChoice.policy(r, policy);
        Policy.Hook h = PolicyChoice.hook(p, hook);
        // every packet of one eval arrives at the same instant, as in a test (LANGUAGE.md §6) and in
        // `routec run`, so `limit` decides the same way on both and from run to run
        Interpreter interp = new Interpreter(p, () -> KernelPolicy.CLOCK_NS);
        if (input.packet != null) print(out, interp.run(PacketSource.fromNotation(input.packet, err), h));
        else PacketSource.forEachFrame(input.pcap, err, (Frame f) -> print(out, interp.run(f, h)));
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
