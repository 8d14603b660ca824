package dev.routec.cli;

import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.emit.MapLayout;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.runtime.BpfProgram;
import dev.routec.runtime.Netlink;
import dev.routec.runtime.SkbContext;
import dev.routec.runtime.TestRunRequest;
import dev.routec.runtime.XdpContext;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Nanoseconds per packet of the compiled policy in the kernel: BPF_PROG_TEST_RUN with a repeat
 * count on each of K flows (the packet with K different source ports), in the deployed
 * configuration (no simulation flag, real clock). The kernel times the repeat loop itself, so the
 * figure excludes the syscall. Note that a program that rewrites the packet sees its own output
 * from the second repeat on (the kernel reuses the buffer).
 */
@Command(
        name = "bench",
        description = "Measure ns per packet of the compiled policy in the kernel (BPF_PROG_TEST_RUN).")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    PolicySelection selection;

    @Option(names = "--packet", paramLabel = "P", required = true, description = "the packet, in routec's notation")
    String packet;

    @Option(
            names = "--flows",
            paramLabel = "K",
            defaultValue = "1",
            description = "distinct flows (source ports), 1..65536")
    int flows;

    @Option(
            names = "--repeat",
            paramLabel = "R",
            defaultValue = "10000",
            description = "runs of each flow's packet per test run")
    int repeat;

    @Option(names = "--json", description = "print {\"ns_min\":…,\"ns_median\":…,\"runs\":…,\"flows\":…}")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (flows < 1 || flows > 65536) throw new UserError(ExitCode.USAGE, "--flows takes 1..65536, not " + flows);
        if (repeat < 1) throw new UserError(ExitCode.USAGE, "--repeat takes a positive count, not " + repeat);
        CheckedPolicy p = selection.policy(err);
        Policy.Hook h = selection.hook(p);
        PacketSpec spec0 = PacketSource.spec(packet, err);
        double[] ns = new double[flows];
        try (KernelPolicy k = RunCommand.loadInKernel(p, err)) {
            k.object().map("rt_config").update(MapLayout.u32(0), MapLayout.config(0, 0, 0));
            BpfProgram prog = k.object().program(dev.routec.compiler.lower.Lowering.programName(h));
            int lo = Netlink.ifindex("lo");
            for (int i = 0; i < flows; i++) {
                byte[] bytes = PacketBuilder.build(flow(spec0, i)).bytes();
                TestRunRequest req = TestRunRequest.of(bytes).withRepeat(repeat);
                req = h.isTc()
                        ? req.withSkb(new SkbContext((int) spec0.mark(), 0, MapLayout.UNNAMED_IFINDEX, 0))
                        : req.withXdp(new XdpContext(lo, 0));
                ns[i] = prog.testRun(req).durationNs();
            }
        }
        Arrays.sort(ns);
        long min = Math.round(ns[0]), median = Math.round(ns[flows / 2]);
        if (json)
            out.println("{\"ns_min\":" + min + ",\"ns_median\":" + median + ",\"runs\":" + flows + ",\"flows\":" + flows
                    + "}");
        else
            out.printf(
                    "%s at %s: %d ns/packet min, %d median over %d flow(s), %d packets each%n",
                    p.name(), h.text, min, median, flows, repeat);
        out.flush();
        return ExitCode.OK;
    }

    /** Flow {@code i}: the packet with its source port advanced by i (other packets are all one flow). */
    static PacketSpec flow(PacketSpec s, int i) {
        if (i == 0 || !(s.l3() instanceof PacketSpec.PortL3 l)) return s;
        return s.withL3(
                new PacketSpec.PortL3(l.proto(), l.src(), (l.sport() + i) & 0xffff, l.dst(), l.dport(), l.flags()));
    }
}
