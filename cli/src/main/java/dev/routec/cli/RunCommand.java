package dev.routec.cli;

import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.pipeline.Backend;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.runtime.Bpf;
import dev.routec.runtime.BpfException;
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
        name = "run",
        description = "Compile and load the policy (not attached) and run it in the kernel (BPF_PROG_TEST_RUN) on a"
                + " packet or on every frame of a capture; prints what eval prints.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "a .route file")
    Path file;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--packet", paramLabel = "P", description = "a packet in routec's notation")
        String packet;

        @Option(names = "--pcap", paramLabel = "CAPTURE", description = "a pcap file; every Ethernet frame is run")
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
        Optional<String> why = Bpf.kernelAvailable();
        if (why.isPresent()) throw new UserError(ExitCode.ENVIRONMENT, "cannot run in the kernel: " + why.get());
        Backend.Compiled compiled = CompileCommand.compile(p, err);
        try (KernelPolicy k = load(p, compiled, err)) {
            if (input.packet != null) print(out, k.run(PacketSource.fromNotation(input.packet, err), h));
            else PacketSource.forEachFrame(input.pcap, err, (Frame f) -> print(out, k.run(f, h)));
        }
        out.flush();
        return ExitCode.OK;
    }

    static KernelPolicy load(CheckedPolicy p, Backend.Compiled compiled, PrintWriter err) {
        try {
            return KernelPolicy.load(p, compiled);
        } catch (BpfException e) {
            LoadFailure.report(p, compiled.ir(), e, err);
            throw new UserError(
                    e.isVerifierRejection() ? ExitCode.INPUT : ExitCode.ENVIRONMENT,
                    "policy `" + p.name() + "` could not be loaded into the kernel");
        }
    }

    private void print(PrintWriter out, Result res) {
        out.println(json ? res.toJson() : EvalCommand.human(res));
    }
}
