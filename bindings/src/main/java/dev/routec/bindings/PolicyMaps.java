package dev.routec.bindings;

import dev.routec.compiler.datapath.Maglev;
import dev.routec.compiler.emit.MapLayout;
import dev.routec.compiler.emit.MapLayout.Layout;
import dev.routec.runtime.BpfException;
import dev.routec.runtime.BpfMap;
import dev.routec.runtime.BpfObject;
import dev.routec.runtime.MapType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The maps of one policy, by their ABI names (docs/datapath-abi.md §2), either pinned under the
 * policy's bpffs directory by {@code routec deploy} or taken from a loaded {@link BpfObject}. Every
 * map is checked against what the bindings expect (type, key and value size, capacity) when it is
 * opened, so bindings generated from another version of the policy fail at open, not later with
 * garbage in a map.
 *
 * <p>Maps opened from pins are owned and released by {@link #close()}; maps of a {@link BpfObject}
 * are borrowed from it (the object must outlive the bindings).
 */
public final class PolicyMaps implements AutoCloseable {
    /** Where {@code routec deploy} pins a policy's maps: {@code /sys/fs/bpf/routec/<policy>/<map>}. */
    public static final Path DEFAULT_ROOT = Path.of("/sys/fs/bpf/routec");

    private final String policy;
    private final Source source;
    private final List<BpfMap> owned = new ArrayList<>();

    private sealed interface Source {}

    private record Pinned(Path dir) implements Source {}

    private record Loaded(BpfObject object) implements Source {}

    private PolicyMaps(String policy, Source source) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.source = source;
    }

    /** The maps of policy {@code policy} deployed under the default root. */
    public static PolicyMaps pinned(String policy) {
        return pinned(policy, DEFAULT_ROOT.resolve(policy));
    }

    /** The maps of policy {@code policy} pinned in {@code dir} (one file per map name). */
    public static PolicyMaps pinned(String policy, Path dir) {
        return new PolicyMaps(policy, new Pinned(Objects.requireNonNull(dir, "dir")));
    }

    /** The maps of policy {@code policy} in {@code object}, which must be loaded. */
    public static PolicyMaps of(String policy, BpfObject object) {
        Objects.requireNonNull(object, "object");
        if (!object.isLoaded()) {
            throw new IllegalStateException("the object of policy " + policy + " is not loaded: call load() first");
        }
        return new PolicyMaps(policy, new Loaded(object));
    }

    /** The table of {@code set decl}, held in BPF map {@code mapName}. */
    public <E> SetTable<E> set(String decl, String mapName, Codec<E> elem, int capacity) {
        Layout key = MapLayout.keyLayout(elem.type());
        MapType type = runtimeType(MapLayout.containerType(elem.type()));
        BpfMap m = open(mapName, "set " + decl, type, key.size, MapLayout.setValue().length, capacity);
        return new SetTable<>("set " + decl, m, elem);
    }

    /** The table of {@code map decl}, held in BPF map {@code mapName}; {@code dflt} is its default. */
    public <K, V> MapTable<K, V> map(String decl, String mapName, Codec<K> key, Codec<V> value, V dflt, int capacity) {
        Layout k = MapLayout.keyLayout(key.type());
        Layout v = MapLayout.valueLayout(value.type());
        MapType type = runtimeType(MapLayout.containerType(key.type()));
        BpfMap m = open(mapName, "map " + decl, type, k.size, v.size, capacity);
        return new MapTable<>("map " + decl, m, key, value, dflt);
    }

    /** The three maps of {@code pool decl}: members, Maglev table and address index (ABI §4). */
    public PoolTable pool(String decl, String members, String table, String addrs, boolean withPort, int capacity) {
        String what = "pool " + decl;
        BpfMap mbr = open(members, what, MapType.ARRAY, Layout.U32.size, Layout.MEMBER.size, capacity);
        BpfMap tbl = open(table, what, MapType.ARRAY, Layout.U32.size, Layout.S32.size, Maglev.tableSize(capacity));
        BpfMap adr = open(addrs, what, MapType.HASH, Layout.IPV4.size, Layout.U32.size, capacity);
        return new PoolTable(what, mbr, tbl, adr, withPort);
    }

    /** The per-rule counters ({@code rt_counters}): {@code entries} = rules + 1 (the default). */
    public CounterTable counters(String mapName, int entries) {
        BpfMap m = open(mapName, "the counters", MapType.PERCPU_ARRAY, Layout.U32.size, Layout.COUNTER.size, entries);
        return new CounterTable(m);
    }

    private static MapType runtimeType(MapLayout.MapType t) {
        return MapType.valueOf(t.name());
    }

    private BpfMap open(String name, String what, MapType type, int keySize, int valueSize, int entries) {
        BpfMap m =
                switch (source) {
                    case Pinned p -> openPin(p.dir().resolve(name), what);
                    case Loaded l ->
                        l.object()
                                .findMap(name)
                                .orElseThrow(() -> new IllegalStateException("the object has no map " + name + " ("
                                        + what + " of policy " + policy + "): " + regenerate()));
                };
        String where = "map " + name + " (" + what + " of policy " + policy + ")";
        check(where, "type", type, m.type());
        check(where, "key size", keySize, m.keySize());
        check(where, "value size", valueSize, m.valueSize());
        check(where, "max entries", entries, m.maxEntries());
        return m;
    }

    private BpfMap openPin(Path path, String what) {
        BpfMap m;
        try {
            m = BpfMap.fromPin(path);
        } catch (BpfException e) {
            throw new IllegalStateException(
                    "cannot open " + path + " (" + what + " of policy " + policy + "): " + e.getMessage()
                            + "; is the policy deployed (routec deploy), and is this the directory it is pinned in?",
                    e);
        }
        owned.add(m);
        return m;
    }

    private void check(String where, String property, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(where + " has " + property + " " + actual + " but the bindings expect "
                    + expected + ": " + regenerate());
        }
    }

    private String regenerate() {
        return "the bindings were generated from another version of policy " + policy
                + "; regenerate them (routec compile --java-out) from the deployed source";
    }

    /** Releases the maps opened from pins (nothing for a {@link BpfObject}'s maps). Idempotent. */
    @Override
    public void close() {
        for (BpfMap m : owned) m.close();
        owned.clear();
    }

    @Override
    public String toString() {
        return "PolicyMaps[" + policy + ", " + source + "]";
    }
}
