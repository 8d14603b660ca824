package dev.routec.cli;

import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.pipeline.Backend;
import dev.routec.runtime.Bpf;
import dev.routec.runtime.BpfException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "run",
        description = "Compile and load the policy (not attached) and run it in the kernel (BPF_PROG_TEST_RUN) on a"
                + " packet or on every frame of a capture; prints what eval prints.")
final class RunCommand implements Callable<Integer> {
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
        try (KernelPolicy k = loadInKernel(p, err)) {
            input.forEach(err, (Frame f) -> print(out, k.run(f, h)));
        }
        out.flush();
        return ExitCode.OK;
    }

    /** Checks that BPF works here (exit 3 otherwise), compiles {@code p} and loads it, unattached. */
    static KernelPolicy loadInKernel(CheckedPolicy p, PrintWriter err) {
        Optional<String> why = Bpf.kernelAvailable();
        if (why.isPresent()) throw new UserError(ExitCode.ENVIRONMENT, "cannot run in the kernel: " + why.get());
        return load(p, CompileCommand.compile(p, err), err);
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
