package dev.routec.tests;

import dev.routec.cli.KernelPolicy;
import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.emit.MapLayout;
import dev.routec.compiler.interp.Interpreter;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.ir.IrPolicy;
import dev.routec.compiler.packet.Checksums;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketBuilder;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Runs frames through the reference interpreter and the kernel (one loaded policy, one persistent
 * state each, every packet at the same instant) and reports every difference in verdict, deciding
 * rule, redirect interface, mark, output bytes, mirror/log effects and the number of rules counted.
 */
final class Differ implements AutoCloseable {
    final CheckedPolicy policy;
    final KernelPolicy kernel;
    Interpreter interp;
    final List<String> problems = new ArrayList<>();
    long runs;
    /** Also compare exactly which rules were counted, from the per-CPU counters (slower). */
    boolean compareCounters;

    private List<dev.routec.compiler.emit.MapLayout.Counter> lastCounters;

    Differ(CheckedPolicy policy) {
        this.policy = policy;
        this.kernel = KernelPolicy.load(policy);
        this.interp = new Interpreter(policy, () -> KernelPolicy.CLOCK_NS);
    }

    static CheckedPolicy policy(String text) {
        return policies(text).get(0);
    }

    static List<CheckedPolicy> policies(String text) {
        Frontend.Result r = Frontend.check(new SourceFile("fixture.route", text));
        if (!r.ok())
            throw new IllegalArgumentException(
                    "fixture does not check: " + r.diags().sorted());
        return r.policies();
    }

    static Frame frame(String notation) {
        Optional<PacketSpec> s = Frontend.packet(new SourceFile("<packet>", notation), new Diagnostics());
        return PacketBuilder.build(s.orElseThrow(() -> new IllegalArgumentException("bad packet " + notation)));
    }

    /** Back to declared contents on both sides. */
    void reset() {
        kernel.reset();
        lastCounters = null;
        interp = new Interpreter(policy, () -> KernelPolicy.CLOCK_NS);
    }

    /** Runs {@code f} at every hook of the policy. */
    void runAll(Frame f, String label) {
        for (CheckedPolicy.AttachDef a : policy.attaches()) run(f, a.hook(), label);
    }

    /** Runs one frame on both and records the differences; returns the kernel's result. */
    Result run(Frame f, Policy.Hook hook, String label) {
        Result want = interp.run(f, hook);
        Result got;
        try {
            got = kernel.run(f, hook);
        } catch (RuntimeException e) {
            problems.add(where(f, hook, label) + ": kernel run failed: " + e);
            return want;
        }
        runs++;
        List<String> d = differences(want, got, kernel.lastResult(), kernel.ir());
        if (compareCounters) counted(want, f.length()).ifPresent(d::add);
        if (!d.isEmpty()) problems.add(where(f, hook, label) + ": " + String.join("; ", d));
        checksums(f, got, hook, label);
        return got;
    }

    private String where(Frame f, Policy.Hook hook, String label) {
        return policy.name() + " @" + hook.text + " " + label + " ["
                + HexFormat.of().formatHex(f.bytes()) + "]";
    }

    static List<String> differences(Result want, Result got, MapLayout.RunResult raw, IrPolicy ir) {
        List<String> d = new ArrayList<>();
        if (want.verdict() != got.verdict()) d.add("verdict " + want.verdict() + " vs kernel " + got.verdict());
        if (!want.rule().equals(got.rule())) d.add("rule " + want.rule() + " vs kernel " + got.rule());
        if (want.cause() != got.cause()) d.add("cause " + want.cause() + " vs kernel " + got.cause());
        if (!want.iface().equals(got.iface())) d.add("iface " + want.iface() + " vs kernel " + got.iface());
        if (!want.mark().equals(got.mark())) d.add("mark " + want.mark() + " vs kernel " + got.mark());
        byte[] a = want.output().bytes(), b = got.output().bytes();
        if (!java.util.Arrays.equals(a, b))
            d.add("output\n  interp " + HexFormat.of().formatHex(a) + "\n  kernel "
                    + HexFormat.of().formatHex(b));
        List<String> we = new ArrayList<>();
        for (Result.Effect e : want.effects()) {
            switch (e) {
                case Result.Mirror m -> we.add("mirror " + m.rule() + " " + m.iface());
                case Result.Log l -> we.add("log " + l.rule() + " " + l.tag().orElse("-"));
            }
        }
        List<String> ke = new ArrayList<>();
        for (MapLayout.ResultEffect e : raw.effects()) {
            String rule = ir.rules().get(e.rule()).name();
            if (e.kind() == MapLayout.EFFECT_MIRROR)
                ke.add("mirror " + rule + " " + ir.ifaces().get(e.arg()));
            else ke.add("log " + rule + " " + (e.arg() == 0 ? "-" : ir.tags().get(e.arg() - 1)));
        }
        if (raw.effectCount() != we.size()
                || !we.subList(0, Math.min(we.size(), MapLayout.MAX_RESULT_EFFECTS))
                        .equals(ke)) d.add("effects " + we + " vs kernel " + ke + " (" + raw.effectCount() + ")");
        if (raw.counted() != want.counters().size())
            d.add("rules counted " + want.counters().size() + " vs kernel " + raw.counted());
        return d;
    }

    /** The rules whose counters moved (packets +1, bytes + length) against the interpreter's list. */
    private Optional<String> counted(Result want, int len) {
        List<MapLayout.Counter> now = kernel.counters();
        List<Integer> moved = new ArrayList<>();
        for (int r = 0; r < now.size(); r++) {
            MapLayout.Counter before = lastCounters == null ? MapLayout.Counter.ZERO : lastCounters.get(r);
            long dp = now.get(r).packets() - before.packets(), db = now.get(r).bytes() - before.bytes();
            if (dp != 0 || db != 0) {
                moved.add(r);
                if (dp != 1 || db != len)
                    return Optional.of("rule " + r + " counted " + dp + " packets, " + db + " bytes");
            }
        }
        lastCounters = now;
        List<Integer> expected =
                want.counters().stream().map(Result.Counter::ruleId).toList();
        return moved.equals(expected)
                ? Optional.empty()
                : Optional.of("counted rules " + expected + " vs kernel " + moved);
    }

    /** Rewritten packets must carry valid checksums when the input did (checked from scratch). */
    private void checksums(Frame in, Result got, Policy.Hook hook, String label) {
        byte[] i = in.bytes(), o = got.output().bytes();
        if (java.util.Arrays.equals(i, o)) return;
        int l3 = l3(i);
        if (l3 < 0) return;
        if (Checksums.ipv4HeaderValid(i, l3) && !Checksums.ipv4HeaderValid(o, l3))
            problems.add(where(in, hook, label) + ": IPv4 header checksum broken by the rewrite");
        if (Checksums.l4ChecksumValid(i, l3) && !Checksums.l4ChecksumValid(o, l3))
            problems.add(where(in, hook, label) + ": L4 checksum broken by the rewrite");
    }

    /** The L3 offset after up to two VLAN tags, or -1. */
    static int l3(byte[] b) {
        if (b.length < 14) return -1;
        int off = 12;
        for (int i = 0; i < 3; i++) {
            int t = ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
            if ((t == 0x8100 || t == 0x88a8) && i < 2 && off + 6 <= b.length) off += 4;
            else return off + 2;
        }
        return off + 2;
    }

    String report() {
        int n = problems.size();
        return n + " difference(s) in " + runs + " runs:\n" + String.join("\n", problems.subList(0, Math.min(n, 15)));
    }

    @Override
    public void close() {
        kernel.close();
    }
}
