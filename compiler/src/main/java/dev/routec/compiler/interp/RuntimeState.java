package dev.routec.compiler.interp;

import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.check.Defs;
import dev.routec.compiler.check.Elem;
import dev.routec.compiler.check.Type;
import dev.routec.compiler.datapath.FlowTable;
import dev.routec.compiler.datapath.Maglev;
import dev.routec.compiler.datapath.TokenBucket;
import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.Prefix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The mutable runtime state of one policy, shared by all its hooks: the contents of its sets, maps
 * and pools (initialised from the declarations), the reverse-NAT {@link FlowTable} and the token
 * buckets. Changes go through {@link #add}, {@link #remove}, {@link #replace}, {@link #put} (what
 * {@code given} and {@code routec map} do); each enforces the container's capacity like a full BPF
 * map does, by refusing the update with {@link IllegalStateException}.
 *
 * <p>Element normal forms: prefix sets and prefix-keyed maps hold {@link Elem.Pfx} (a bare address
 * is taken as a /32 or /128), integer ranges are expanded into their values, pool members are
 * {@link Elem.Addr} or {@link Elem.AddrPort} in insertion order (the order of the BPF member array).
 */
public final class RuntimeState {
    /** The largest capacity (LANGUAGE.md §3): no container can hold a longer range. */
    private static final long MAX_RANGE = 16_777_216L;

    private final CheckedPolicy policy;
    private final Map<String, LinkedHashSet<Elem>> sets = new TreeMap<>();
    private final Map<String, LinkedHashMap<Elem, Elem>> maps = new TreeMap<>();
    private final Map<String, List<Elem>> pools = new TreeMap<>();
    private final Map<String, int[]> maglevTables = new TreeMap<>();
    private final FlowTable flows = new FlowTable();
    private final LinkedHashMap<TokenBucket.Key, TokenBucket.State> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TokenBucket.Key, TokenBucket.State> eldest) {
            return size() > TokenBucket.MAP_CAPACITY;
        }
    };

    public RuntimeState(CheckedPolicy policy) {
        this.policy = policy;
        for (Defs.SetDef s : policy.sets()) {
            sets.put(s.name(), new LinkedHashSet<>());
            for (Elem e : s.initial()) add(s.name(), e);
        }
        for (Defs.MapDef m : policy.maps()) {
            maps.put(m.name(), new LinkedHashMap<>());
            for (Defs.MapEntry e : m.initial()) put(m.name(), e.key(), e.value());
        }
        for (Defs.PoolDef p : policy.pools()) {
            pools.put(p.name(), new ArrayList<>());
            for (Elem e : p.initial()) add(p.name(), e);
        }
    }

    public CheckedPolicy policy() {
        return policy;
    }

    /** The current elements of a set (read-only view). */
    public Set<Elem> set(String name) {
        return Collections.unmodifiableSet(require(sets, name, "set"));
    }

    /** The current entries of a map (read-only view). */
    public Map<Elem, Elem> map(String name) {
        return Collections.unmodifiableMap(require(maps, name, "map"));
    }

    /** The current members of a pool, in member-array order (read-only view). */
    public List<Elem> pool(String name) {
        return Collections.unmodifiableList(require(pools, name, "pool"));
    }

    /** Adds elements to a set or members to a pool; present ones are kept as they are. */
    public void add(String container, Elem e) {
        Defs.Container def = def(container);
        switch (def) {
            case Defs.SetDef s -> {
                Set<Elem> set = sets.get(s.name());
                for (Elem x : normalise(s.elemType(), e)) {
                    if (!set.contains(x) && set.size() >= s.capacity()) throw full(s);
                    set.add(x);
                }
            }
            case Defs.PoolDef p -> {
                List<Elem> members = pools.get(p.name());
                if (members.contains(e)) return;
                if (members.size() >= p.capacity()) throw full(p);
                members.add(e);
                maglevTables.remove(p.name());
            }
            case Defs.MapDef m -> throw new IllegalArgumentException("map " + m.name() + " takes entries: use put");
        }
    }

    /** Removes an element of a set, a member of a pool, or a key of a map; absent ones are ignored. */
    public void remove(String container, Elem e) {
        Defs.Container def = def(container);
        switch (def) {
            case Defs.SetDef s -> normalise(s.elemType(), e).forEach(sets.get(s.name())::remove);
            case Defs.PoolDef p -> {
                if (pools.get(p.name()).remove(e)) maglevTables.remove(p.name());
            }
            case Defs.MapDef m -> normalise(m.keyType(), e).forEach(maps.get(m.name())::remove);
        }
    }

    /** Replaces the contents of a set or pool. */
    public void replace(String container, List<Elem> elems) {
        Defs.Container def = def(container);
        switch (def) {
            case Defs.SetDef s -> sets.get(s.name()).clear();
            case Defs.PoolDef p -> {
                pools.get(p.name()).clear();
                maglevTables.remove(p.name());
            }
            case Defs.MapDef m -> maps.get(m.name()).clear();
        }
        for (Elem e : elems) add(container, e);
    }

    /** Sets a map entry. */
    public void put(String map, Elem key, Elem value) {
        Defs.MapDef m = (Defs.MapDef) def(map);
        Map<Elem, Elem> entries = maps.get(map);
        for (Elem k : normalise(m.keyType(), key)) {
            if (!entries.containsKey(k) && entries.size() >= m.capacity()) throw full(m);
            entries.put(k, value);
        }
    }

    /** Applies a test's {@code given}. */
    public void apply(CheckedPolicy.Given g) {
        switch (g) {
            case CheckedPolicy.MapGiven m -> put(m.target().name(), m.key(), m.value());
            case CheckedPolicy.SetGiven s -> {
                String name = s.target().name();
                switch (s.op()) {
                    case ADD -> s.elems().forEach(e -> add(name, e));
                    case REMOVE -> s.elems().forEach(e -> remove(name, e));
                    case REPLACE -> replace(name, s.elems());
                }
            }
        }
    }

    /** The reverse-NAT flow table (all hooks of the policy). */
    public FlowTable flows() {
        return flows;
    }

    /** The token buckets, least recently used first ({@link TokenBucket#MAP_CAPACITY} at most). */
    public Map<TokenBucket.Key, TokenBucket.State> buckets() {
        return Collections.unmodifiableMap(buckets);
    }

    /** Charges one packet to a bucket (created full at {@code nowNs}); true when it conforms. */
    boolean take(TokenBucket.Key key, TokenBucket.Params params, long nowNs) {
        TokenBucket.State b = buckets.computeIfAbsent(key, k -> new TokenBucket.State(params, nowNs));
        return b.take(params, nowNs);
    }

    /** The Maglev table of a pool for its current members (cached until they change). */
    public int[] maglevTable(Defs.PoolDef pool) {
        return maglevTables.computeIfAbsent(
                pool.name(), n -> Maglev.table(pools.get(n), Maglev.tableSize(pool.capacity())));
    }

    /** {@code v in C}: exact, or any containing prefix for prefix types; a pool by member address. */
    boolean contains(Defs.Container c, Val v) {
        return switch (c) {
            case Defs.SetDef s -> containsElem(sets.get(s.name()), s.elemType(), v);
            case Defs.MapDef m -> lookup(m, v).isPresent();
            case Defs.PoolDef p -> pools.get(p.name()).stream().anyMatch(e -> Evaluator.matches(v, e));
        };
    }

    /** {@code M[k]}: the entry (the longest matching prefix for prefix keys), if any. */
    Optional<Elem> lookup(Defs.MapDef m, Val key) {
        Map<Elem, Elem> entries = maps.get(m.name());
        if (!isPrefix(m.keyType())) return Optional.ofNullable(entries.get(asElem(key)));
        if (!(key instanceof Val.Addr a)) return Optional.empty();
        for (int len = a.addr().bits(); len >= 0; len--) {
            Elem hit = entries.get(new Elem.Pfx(new Prefix(Prefix.mask(a.addr(), len), len)));
            if (hit != null) return Optional.of(hit);
        }
        return Optional.empty();
    }

    private static boolean containsElem(Set<Elem> set, Type type, Val v) {
        if (!isPrefix(type)) return set.contains(asElem(v));
        if (!(v instanceof Val.Addr a)) return false;
        for (int len = a.addr().bits(); len >= 0; len--)
            if (set.contains(new Elem.Pfx(new Prefix(Prefix.mask(a.addr(), len), len)))) return true;
        return false;
    }

    private static Elem asElem(Val v) {
        return switch (v) {
            case Val.Int i -> new Elem.Int(i.value());
            case Val.Addr a -> new Elem.Addr(a.addr());
            case Val.Mac m -> new Elem.Mac(m.mac());
            default -> throw new IllegalStateException("not a key: " + v);
        };
    }

    private static boolean isPrefix(Type t) {
        return t == Type.PREFIX4 || t == Type.PREFIX6;
    }

    /** The stored forms of an element: prefixes for prefix types, ranges expanded. */
    private static List<Elem> normalise(Type type, Elem e) {
        if (isPrefix(type) && e instanceof Elem.Addr a) return List.of(new Elem.Pfx(host(a.addr())));
        if (e instanceof Elem.IntRange r) {
            if (Long.compareUnsigned(r.hi() - r.lo(), MAX_RANGE) > 0)
                throw new IllegalStateException("range " + r + " has more elements than any capacity");
            List<Elem> out = new ArrayList<>();
            for (long v = r.lo(); Long.compareUnsigned(v, r.hi()) <= 0; v++) {
                out.add(new Elem.Int(v));
                if (v == r.hi()) break;
            }
            return out;
        }
        return List.of(e);
    }

    private static Prefix host(IpAddr a) {
        return new Prefix(a, a.bits());
    }

    private Defs.Container def(String name) {
        return policy.container(name).orElseThrow(() -> new IllegalArgumentException("no set, map or pool " + name));
    }

    private static <T> T require(Map<String, T> m, String name, String kind) {
        T t = m.get(name);
        if (t == null) throw new IllegalArgumentException("no " + kind + " " + name);
        return t;
    }

    private static IllegalStateException full(Defs.Container c) {
        return new IllegalStateException(c.name() + " is full (capacity " + c.capacity() + ")");
    }
}
