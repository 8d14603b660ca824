package dev.routec.compiler.interp;

import dev.routec.compiler.ast.Expr.Verdict;
import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.check.CheckedPolicy.Rule;
import dev.routec.compiler.check.Defs;
import dev.routec.compiler.check.Elem;
import dev.routec.compiler.check.TAction;
import dev.routec.compiler.datapath.FlowTable;
import dev.routec.compiler.datapath.Maglev;
import dev.routec.compiler.datapath.TokenBucket;
import dev.routec.compiler.interp.Result.Cause;
import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketView;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The reference interpreter: runs a checked policy on frame bytes (LANGUAGE.md §4–§5).
 *
 * <ol>
 *   <li>Reverse NAT: a packet whose tuple is a key of the {@link FlowTable} gets the recorded tuple
 *       back (addresses, then ports, checksums fixed) before any rule runs.
 *   <li>Rules in order, then the default. A rule runs when it has no condition or its condition
 *       holds (absent-field rule, see {@link Evaluator}); its actions run left to right and every
 *       field read after a rewrite sees the rewritten packet (the frame is re-parsed). The first
 *       verdict decides; so does a {@code limit} over rate and a {@code dnat} to an empty pool
 *       (both DROP, by that rule). A rule that ends without a verdict hands on to the next.
 *   <li>If the verdict is not DROP and NAT changed the tuple, the flow is recorded for replies.
 * </ol>
 *
 * Actions: {@code dnat}/{@code snat} rewrite the address when the packet is IP of the target's
 * family (else nothing) and the port when one is asked and the packet has ports (else nothing);
 * a pool member is {@code members[maglev[FlowHash(packet now) % M]]} over the pool's current
 * members. {@code set mark} (TC only; a value reading an absent field leaves the mark) keeps 32
 * bits; {@code set dscp} six, {@code set ttl} eight. Rewrites and their checksums: {@link
 * Rewriter}. {@code mirror}/{@code log} are recorded as {@link Result.Effect}s. {@code limit}
 * charges the bucket of {@link TokenBucket} at the instant of the packet, read once from the
 * clock. {@code route} is reported as ROUTE without the FIB rewrite.
 *
 * <p>Not thread-safe: one interpreter, one {@link RuntimeState}, one packet at a time.
 */
public final class Interpreter {
    private final CheckedPolicy policy;
    private final LongSupplier nanos;
    private final RuntimeState state;
    private final List<Rule> rules;
    private final Map<TAction.Limit, Integer> limitIds = new IdentityHashMap<>();

    /** An interpreter with a fresh state initialised from the declarations. */
    public Interpreter(CheckedPolicy policy, LongSupplier nanos) {
        this(policy, nanos, new RuntimeState(policy));
    }

    /** An interpreter over an existing state (e.g. to share it between hooks). */
    public Interpreter(CheckedPolicy policy, LongSupplier nanos, RuntimeState state) {
        this.policy = policy;
        this.nanos = nanos;
        this.state = state;
        List<Rule> all = new ArrayList<>(policy.rules());
        all.add(policy.dflt());
        this.rules = List.copyOf(all);
        List<TAction.Limit> limits = TokenBucket.limitIds(policy);
        for (int i = 0; i < limits.size(); i++) limitIds.put(limits.get(i), i);
    }

    public CheckedPolicy policy() {
        return policy;
    }

    public RuntimeState state() {
        return state;
    }

    /** The hook tests run at: the first {@code attach}, or {@code tc ingress} when there is none. */
    public static Policy.Hook firstHook(CheckedPolicy policy) {
        return policy.attaches().isEmpty()
                ? Policy.Hook.TC_INGRESS
                : policy.attaches().get(0).hook();
    }

    /** Runs one frame through the policy at {@code hook}. */
    public Result run(Frame in, Policy.Hook hook) {
        Packet p = new Packet(in, hook.isTc());
        long now = nanos.getAsLong();
        reverseNat(p);
        Optional<FlowTable.Tuple> original = Flows.tuple(p.view);
        for (Rule rule : rules) {
            if (rule.when().isPresent() && !p.eval(state).test(rule.when().get())) continue;
            p.counters.add(new Result.Counter(rule.id(), rule.name(), in.length()));
            Optional<Decision> d = actions(rule, p, now);
            if (d.isPresent()) return finish(p, hook, rule, d.get(), original);
        }
        // the checker makes the default end in a verdict; without one the packet passes
        return finish(p, hook, policy.dflt(), new Decision(Verdict.PASS, Optional.empty(), Cause.VERDICT), original);
    }

    private record Decision(Verdict verdict, Optional<String> iface, Cause cause) {
        static Optional<Decision> of(Verdict v) {
            return Optional.of(new Decision(v, Optional.empty(), Cause.VERDICT));
        }

        static Optional<Decision> drop(Cause c) {
            return Optional.of(new Decision(Verdict.DROP, Optional.empty(), c));
        }
    }

    private Optional<Decision> actions(Rule rule, Packet p, long now) {
        for (TAction a : rule.actions()) {
            switch (a) {
                case TAction.Pass x -> {
                    return Decision.of(Verdict.PASS);
                }
                case TAction.Drop x -> {
                    return Decision.of(Verdict.DROP);
                }
                case TAction.Redirect r -> {
                    return Optional.of(new Decision(Verdict.REDIRECT, Optional.of(r.iface()), Cause.VERDICT));
                }
                case TAction.Route x -> {
                    return Decision.of(Verdict.ROUTE);
                }
                case TAction.Nat n -> {
                    if (!nat(n, p)) return Decision.drop(Cause.EMPTY_POOL);
                }
                case TAction.Limit l -> {
                    if (!conforms(l, p, now)) return Decision.drop(Cause.LIMIT);
                }
                case TAction.SetMark m -> {
                    if (p.tc) p.eval(state).value(m.value()).ifPresent(v -> p.setMark(((Val.Int) v).value()));
                }
                case TAction.SetDscp d ->
                    p.eval(state)
                            .value(d.value())
                            .ifPresent(v -> p.update(Rewriter.dscp(p.bytes, p.view, (int) ((Val.Int) v).value())));
                case TAction.SetTtl t ->
                    p.eval(state)
                            .value(t.value())
                            .ifPresent(v -> p.update(Rewriter.ttl(p.bytes, p.view, (int) ((Val.Int) v).value())));
                case TAction.Mirror m -> p.effects.add(new Result.Mirror(rule.name(), m.iface(), p.frame()));
                case TAction.Log l -> p.effects.add(new Result.Log(rule.name(), l.tag(), p.frame()));
                case TAction.Continue x -> {}
            }
        }
        return Optional.empty();
    }

    /** Applies a NAT action; false when the target pool is empty (the packet is dropped). */
    private boolean nat(TAction.Nat n, Packet p) {
        IpAddr addr;
        OptionalInt port = n.port();
        if (n.pool().isPresent()) {
            Defs.PoolDef pool = n.pool().get();
            List<Elem> members = state.pool(pool.name());
            if (members.isEmpty()) return false;
            if (!p.view.hasIp()) return true;
            Elem m = members.get(Maglev.select(state.maglevTable(pool), Flows.hash(p.view)));
            if (m instanceof Elem.AddrPort ap) {
                addr = ap.addr();
                port = OptionalInt.of(ap.port());
            } else addr = ((Elem.Addr) m).addr();
        } else {
            addr = n.addr().orElseThrow();
        }
        boolean src = !n.dnat();
        p.update(Rewriter.address(p.bytes, p.view, src, addr));
        if (port.isPresent()) p.update(Rewriter.port(p.bytes, p.view, src, port.getAsInt()));
        return true;
    }

    private boolean conforms(TAction.Limit l, Packet p, long now) {
        PacketView v = p.view;
        Optional<IpAddr> src = v.hasIp() ? Optional.of(v.src()) : Optional.empty();
        Optional<IpAddr> dst = v.hasIp() ? Optional.of(v.dst()) : Optional.empty();
        TokenBucket.Key key =
                TokenBucket.Key.of(limitIds.get(l), l.per(), src, dst, Flows.proto(v), Flows.sport(v), Flows.dport(v));
        return state.take(key, TokenBucket.Params.of(l), now);
    }

    private void reverseNat(Packet p) {
        Optional<FlowTable.Tuple> t = Flows.tuple(p.view);
        if (t.isEmpty()) return;
        Optional<FlowTable.Tuple> to = state.flows().lookup(t.get());
        if (to.isEmpty()) return;
        FlowTable.Tuple from = t.get(), back = to.get();
        if (!from.src().equals(back.src())) p.update(Rewriter.address(p.bytes, p.view, true, back.src()));
        if (!from.dst().equals(back.dst())) p.update(Rewriter.address(p.bytes, p.view, false, back.dst()));
        if (from.sport() != back.sport()) p.update(Rewriter.port(p.bytes, p.view, true, back.sport()));
        if (from.dport() != back.dport()) p.update(Rewriter.port(p.bytes, p.view, false, back.dport()));
    }

    private Result finish(Packet p, Policy.Hook hook, Rule rule, Decision d, Optional<FlowTable.Tuple> original) {
        if (d.verdict() != Verdict.DROP && original.isPresent())
            Flows.tuple(p.view).ifPresent(now -> state.flows().record(original.get(), now));
        return new Result(
                hook,
                d.verdict(),
                rule.name(),
                rule.id(),
                d.cause(),
                d.iface(),
                p.tc ? OptionalLong.of(p.mark) : OptionalLong.empty(),
                p.frame(),
                p.effects,
                p.counters);
    }

    /** The packet as it goes through the rules: bytes, their parsed view, the mark. */
    private static final class Packet {
        final String iif;
        final boolean tc;
        byte[] bytes;
        long mark;
        PacketView view;
        final List<Result.Effect> effects = new ArrayList<>();
        final List<Result.Counter> counters = new ArrayList<>();

        Packet(Frame in, boolean tc) {
            this.iif = in.iif();
            this.tc = tc;
            this.bytes = in.bytes();
            this.mark = in.mark();
            this.view = PacketView.parse(bytes, iif, mark);
        }

        void update(byte[] next) {
            bytes = next;
            view = PacketView.parse(bytes, iif, mark);
        }

        void setMark(long m) {
            mark = m & 0xffffffffL;
            view = PacketView.parse(bytes, iif, mark);
        }

        Frame frame() {
            return new Frame(bytes, iif, mark);
        }

        Evaluator eval(RuntimeState state) {
            return Evaluator.forRules(state, view, tc);
        }
    }
}
