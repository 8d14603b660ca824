package dev.routec.cli;

import dev.routec.compiler.ast.Expr.Verdict;
import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.check.Defs;
import dev.routec.compiler.check.Elem;
import dev.routec.compiler.emit.MapLayout;
import dev.routec.compiler.interp.Result;
import dev.routec.compiler.interp.RuntimeState;
import dev.routec.compiler.ir.IrPolicy;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.pipeline.Backend;
import dev.routec.runtime.BpfMap;
import dev.routec.runtime.BpfObject;
import dev.routec.runtime.Netlink;
import dev.routec.runtime.OpenOptions;
import dev.routec.runtime.SkbContext;
import dev.routec.runtime.TestRunRequest;
import dev.routec.runtime.TestRunResult;
import dev.routec.runtime.XdpContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A compiled policy loaded into the kernel (unpinned, unattached) in simulation mode, to run
 * frames through {@code BPF_PROG_TEST_RUN}: what {@code routec run} and the kernel engine of
 * {@code routec test} use. Runtime contents mirror a {@link RuntimeState}: the interpreter's
 * normalisation and Maglev tables are written into the maps, so both engines see the same data.
 * Interfaces get synthetic ifindexes (docs/datapath-abi.md §6). Not thread-safe.
 */
public final class KernelPolicy implements AutoCloseable {
    /** The largest frame handed to the kernel whole; longer ones are simulated (ABI §7). */
    public static final int MAX_BUFFER = 3000;

    /** The instant every packet of a run arrives at (like the packets of one test). */
    public static final long CLOCK_NS = 1_000_000_000L;

    private static final byte[] ZERO = MapLayout.u32(0);

    private final CheckedPolicy policy;
    private final IrPolicy ir;
    private final BpfObject obj;
    private final int lo;
    private RuntimeState state;
    private MapLayout.RunResult last;
    /** Whether the maps may differ from the declared contents (a `given` ran), or counters moved. */
    private boolean contentsChanged = true;

    private boolean ran = true;

    private KernelPolicy(CheckedPolicy policy, IrPolicy ir, BpfObject obj) {
        this.policy = policy;
        this.ir = ir;
        this.obj = obj;
        this.lo = Netlink.ifindex("lo");
        reset();
    }

    /** Compiles and loads {@code policy}; {@link dev.routec.runtime.BpfException} on rejection. */
    public static KernelPolicy load(CheckedPolicy policy) {
        return load(policy, Backend.compile(policy));
    }

    public static KernelPolicy load(CheckedPolicy policy, Backend.Compiled compiled) {
        BpfObject obj =
                BpfObject.open(compiled.object(), OpenOptions.defaults().withObjectName("rt_" + safe(policy.name())));
        try {
            obj.load();
            return new KernelPolicy(policy, compiled.ir(), obj);
        } catch (RuntimeException e) {
            obj.close();
            throw e;
        }
    }

    private static String safe(String name) {
        return name.length() > 12 ? name.substring(0, 12) : name;
    }

    public IrPolicy ir() {
        return ir;
    }

    public BpfObject object() {
        return obj;
    }

    /** The mirrored runtime contents (the interpreter's view of them). */
    public RuntimeState state() {
        return state;
    }

    /** {@code rt_result} of the last run: effects, rules counted. */
    public MapLayout.RunResult lastResult() {
        return last;
    }

    /** Back to the declared contents; no flows, full buckets, fresh counters. */
    public void reset() {
        state = new RuntimeState(policy);
        if (contentsChanged) {
            for (IrPolicy.Container c : ir.maps()) clear(obj.map(c.cname()));
            for (IrPolicy.Container c : ir.maps()) if (c.kind() != IrPolicy.ContainerKind.POOL_ADDRS) sync(c);
            for (int i = 0; i < ir.pools().size(); i++) syncPool(i);
            for (int s = 0; s < ir.ifaces().size(); s++)
                obj.map("rt_ifaces").update(MapLayout.u32(s), MapLayout.u32(MapLayout.syntheticIfindex(s)));
            contentsChanged = false;
        }
        if (ran) {
            obj.findMap("rt_flows").ifPresent(KernelPolicy::clear);
            obj.findMap("rt_buckets").ifPresent(KernelPolicy::clear);
            BpfMap counters = obj.map("rt_counters");
            byte[][] zero = new byte[BpfMap.possibleCpus()][MapLayout.Layout.COUNTER.size];
            for (int r = 0; r < ir.rules().size(); r++)
                counters.updatePerCpu(MapLayout.u32(r), zero, dev.routec.runtime.UpdateMode.ANY);
            ran = false;
        }
    }

    /** Applies a test's {@code given} to the mirrored state and rewrites the container's maps. */
    public void apply(CheckedPolicy.Given g) {
        contentsChanged = true;
        state.apply(g);
        Defs.Container target = g.target();
        if (target instanceof Defs.PoolDef pd) syncPool(policy.pools().indexOf(pd));
        else
            for (IrPolicy.Container c : ir.maps())
                if (c.decl().equals(target.name()) && c.kind() != IrPolicy.ContainerKind.POOL_ADDRS) {
                    clear(obj.map(c.cname()));
                    sync(c);
                }
    }

    private void sync(IrPolicy.Container c) {
        BpfMap m = obj.map(c.cname());
        if (c.kind() == IrPolicy.ContainerKind.SET) {
            for (Elem e : state.set(c.decl())) m.update(MapLayout.encode(c.key(), e), MapLayout.setValue());
        } else {
            for (Map.Entry<Elem, Elem> e : state.map(c.decl()).entrySet())
                m.update(MapLayout.encode(c.key(), e.getKey()), MapLayout.encode(c.value(), e.getValue()));
        }
    }

    private void syncPool(int i) {
        IrPolicy.Pool pool = ir.pools().get(i);
        Defs.PoolDef def = policy.pools().get(i);
        List<Elem> members = state.pool(def.name());
        BpfMap mbr = obj.map(pool.members());
        for (int k = 0; k < members.size(); k++) mbr.update(MapLayout.u32(k), MapLayout.member(members.get(k)));
        int[] table = state.maglevTable(def);
        BpfMap tbl = obj.map(pool.table());
        byte[][] keys = new byte[table.length][];
        byte[][] vals = new byte[table.length][];
        for (int k = 0; k < table.length; k++) {
            keys[k] = MapLayout.u32(k);
            vals[k] = MapLayout.u32(table[k]);
        }
        tbl.batchUpdate(keys, vals);
        BpfMap adr = obj.map(pool.addrs());
        clear(adr);
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, byte[]> keyOf = new LinkedHashMap<>();
        for (Elem m : members) {
            byte[] k = MapLayout.poolAddrKey(m);
            String id = Arrays.toString(k);
            keyOf.put(id, k);
            counts.computeIfAbsent(id, x -> new int[1])[0]++;
        }
        for (Map.Entry<String, int[]> e : counts.entrySet())
            adr.update(keyOf.get(e.getKey()), MapLayout.u32(e.getValue()[0]));
    }

    private static void clear(BpfMap m) {
        for (byte[] k : m.keys()) m.delete(k);
    }

    /** Runs one frame at {@code hook} with every packet at the instant {@link #CLOCK_NS}. */
    public Result run(Frame in, Policy.Hook hook) {
        return run(in, hook, CLOCK_NS);
    }

    public Result run(Frame in, Policy.Hook hook, long clockNs) {
        if (!ir.hasHook(hook))
            throw new IllegalArgumentException("policy " + ir.name() + " has no program at " + hook.text);
        byte[] raw = in.bytes();
        int real = raw.length;
        int min = minimum(raw, hook);
        byte[] buf = real < min ? Arrays.copyOf(raw, min) : real > MAX_BUFFER ? Arrays.copyOf(raw, MAX_BUFFER) : raw;
        int flags = MapLayout.CFG_SIM | (buf.length != real ? MapLayout.CFG_LEN : 0);
        ran = true;
        obj.map("rt_config").update(ZERO, MapLayout.config(clockNs, flags, buf.length != real ? real : 0));
        int slot = ir.ifaces().indexOf(in.iif());
        BpfMap ifaces = obj.map("rt_ifaces");
        TestRunRequest req = TestRunRequest.of(buf);
        int ingress;
        if (hook.isTc()) {
            ingress = slot >= 0 ? MapLayout.syntheticIfindex(slot) : MapLayout.UNNAMED_IFINDEX;
            req = req.withSkb(new SkbContext((int) in.mark(), 0, ingress, 0));
        } else {
            ingress = lo;
            if (slot >= 0) ifaces.update(MapLayout.u32(slot), MapLayout.u32(lo));
            req = req.withXdp(new XdpContext(lo, 0));
        }
        TestRunResult res;
        try {
            res = obj.program(io(hook)).testRun(req);
        } finally {
            if (!hook.isTc() && slot >= 0)
                ifaces.update(MapLayout.u32(slot), MapLayout.u32(MapLayout.syntheticIfindex(slot)));
        }
        int seq = last == null ? 0 : last.seq();
        last = MapLayout.decodeResult(obj.map("rt_result").lookup(ZERO).orElseThrow());
        if (last.seq() == seq) throw new IllegalStateException("the program wrote no result");
        checkRetval(hook, res.retval());
        byte[] out = output(raw, res.data());
        OptionalLong mark = hook.isTc() ? OptionalLong.of(res.mark() & 0xffffffffL) : OptionalLong.empty();
        IrPolicy.Rule rule = ir.rules().get(last.rule());
        Optional<String> iface = last.iface().map(s -> ir.ifaces().get(s));
        return new Result(
                hook,
                Verdict.values()[last.verdict()],
                rule.name(),
                rule.id(),
                Result.Cause.values()[last.cause()],
                iface,
                mark,
                new Frame(out, in.iif(), hook.isTc() ? mark.getAsLong() : in.mark()),
                List.of(),
                List.of());
    }

    /**
     * The shortest buffer the kernel's test run accepts for this frame: 14 bytes (Ethernet), and at
     * TC the whole IPv4 (20) or IPv6 (40) header when the EtherType announces one.
     */
    static int minimum(byte[] raw, Policy.Hook hook) {
        if (!hook.isTc()) return 14;
        byte[] b = raw.length < 14 ? Arrays.copyOf(raw, 14) : raw; // as padded
        int type = ((b[12] & 0xff) << 8) | (b[13] & 0xff);
        return type == 0x0800 ? 14 + 20 : type == 0x86dd ? 14 + 40 : 14;
    }

    /** The kernel's output with the real length restored (ABI §7). */
    private static byte[] output(byte[] raw, byte[] data) {
        if (raw.length < data.length && raw.length <= MAX_BUFFER) return Arrays.copyOf(data, raw.length);
        if (raw.length <= MAX_BUFFER) return data;
        byte[] out = raw.clone();
        System.arraycopy(data, 0, out, 0, Math.min(data.length, MAX_BUFFER));
        return out;
    }

    private void checkRetval(Policy.Hook hook, int retval) {
        int v = last.verdict();
        int want;
        if (hook.isTc()) want = v == 1 ? 2 : v == 2 ? 7 : 0;
        else want = v == 1 ? 1 : v == 2 ? 4 : 2;
        if (retval != want)
            throw new IllegalStateException("program returned " + retval + " for verdict " + v + " at " + hook.text);
    }

    private static String io(Policy.Hook hook) {
        return dev.routec.compiler.lower.Lowering.programName(hook);
    }

    /** Summed per-CPU counters of every rule, by rule id. */
    public List<MapLayout.Counter> counters() {
        List<MapLayout.Counter> out = new ArrayList<>();
        BpfMap m = obj.map("rt_counters");
        for (int r = 0; r < ir.rules().size(); r++)
            out.add(MapLayout.sumCounters(
                    Arrays.asList(m.lookupPerCpu(MapLayout.u32(r)).orElseThrow())));
        return out;
    }

    @Override
    public void close() {
        obj.close();
    }
}
