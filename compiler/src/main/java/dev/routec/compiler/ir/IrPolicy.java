package dev.routec.compiler.ir;

import dev.routec.compiler.ast.Action.Per;
import dev.routec.compiler.ast.Policy;
import dev.routec.compiler.check.Elem;
import dev.routec.compiler.emit.MapLayout;
import java.util.List;
import java.util.Optional;

/**
 * The lowered policy: what the emitters need and nothing else, every name resolved to an id,
 * lists in id order, no back-pointers. Produced by {@code lower.Lowering}, checked by {@link
 * IrVerifier}.
 *
 * @param name the policy's name (manifest only; never reaches C)
 * @param source the source file's name without directories (manifest only)
 * @param hooks the hooks it attaches at, in source order
 * @param rules the rules in order, then the default (id = rules().size() - 1)
 * @param maps the runtime containers: sets, maps and pool address indexes, in declaration order
 * @param pools the pools, in declaration order
 * @param ifaces interface names by slot (sorted)
 * @param limits the {@code limit} actions by limit id
 * @param tags the distinct {@code log} tags by id
 * @param ranges the literal interval table of every domain but V6
 * @param ranges6 the literal interval table of IPv6
 * @param values the value expressions of {@code set} actions, by id
 */
public record IrPolicy(
        String name,
        String source,
        List<Hook> hooks,
        List<Rule> rules,
        List<Container> maps,
        List<Pool> pools,
        List<String> ifaces,
        List<Limit> limits,
        List<String> tags,
        List<Cond.Interval> ranges,
        List<Cond.Interval> ranges6,
        List<Op> values) {

    public IrPolicy {
        hooks = List.copyOf(hooks);
        rules = List.copyOf(rules);
        maps = List.copyOf(maps);
        pools = List.copyOf(pools);
        ifaces = List.copyOf(ifaces);
        limits = List.copyOf(limits);
        tags = List.copyOf(tags);
        ranges = List.copyOf(ranges);
        ranges6 = List.copyOf(ranges6);
        values = List.copyOf(values);
    }

    /** One program: the hook, its program name, and the interface named by {@code on}. */
    public record Hook(Policy.Hook hook, String program, Optional<String> iface) {}

    /** A rule (or the default): id, name and line for the manifest, condition, actions. */
    public record Rule(int id, String name, int line, Cond cond, List<IrAction> actions) {
        public Rule {
            actions = List.copyOf(actions);
        }
    }

    /** What a runtime container is declared as. */
    public enum ContainerKind {
        SET,
        MAP,
        POOL_ADDRS
    }

    /**
     * A runtime container map: a set, a map, or the address index of a pool.
     *
     * @param cname the BPF map's name ({@code rt_set_N}, {@code rt_map_N}, {@code rt_pool_N_adr})
     * @param decl the declaration's name
     * @param key the key layout; {@code value} the value layout
     * @param dflt a map's default value (empty for sets and pools)
     * @param initial initial entries (keys normalised, ranges expanded); values for maps
     */
    public record Container(
            ContainerKind kind,
            String cname,
            String decl,
            MapLayout.MapType type,
            MapLayout.Layout key,
            MapLayout.Layout value,
            int capacity,
            Optional<Elem> dflt,
            List<Entry> initial) {
        public Container {
            initial = List.copyOf(initial);
        }
    }

    /** An initial entry (the value is empty for sets). */
    public record Entry(Elem key, Optional<Elem> value) {}

    /**
     * A pool: names of its three maps, capacity, Maglev table size, whether members carry ports, the
     * index of its address-index container in {@link #maps()}, and initial members in order.
     */
    public record Pool(
            String decl,
            String members,
            String table,
            String addrs,
            int capacity,
            int tableSize,
            boolean withPort,
            int addrsContainer,
            List<Elem> initial) {
        public Pool {
            initial = List.copyOf(initial);
        }
    }

    /**
     * A {@code limit} action: where it is, as written, and its token-bucket constants ({@code
     * TokenBucket.Params}: {@code rate} units per ns, {@code cost} units per packet, {@code cap}).
     */
    public record Limit(int rule, long rate, int perSeconds, long burst, Optional<Per> per, long cost, long cap) {}

    /** The id of the default rule. */
    public int defaultId() {
        return rules.size() - 1;
    }

    public boolean hasNat() {
        return rules.stream()
                .flatMap(r -> r.actions().stream())
                .anyMatch(a -> a instanceof IrAction.Nat || a instanceof IrAction.NatPool);
    }

    public boolean hasHook(Policy.Hook h) {
        return hooks.stream().anyMatch(x -> x.hook() == h);
    }
}
