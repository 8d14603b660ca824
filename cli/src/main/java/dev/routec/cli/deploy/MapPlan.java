package dev.routec.cli.deploy;

import dev.routec.bindings.PolicyMaps;
import dev.routec.bindings.PoolTable;
import dev.routec.cli.ExitCode;
import dev.routec.cli.UserError;
import dev.routec.compiler.check.CheckedPolicy;
import dev.routec.compiler.check.Defs;
import dev.routec.compiler.check.Elem;
import dev.routec.runtime.BpfMap;
import dev.routec.runtime.BpfObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What happens to each map of a (re)deployment, decided before anything is loaded. A runtime map
 * (set, map, pool) is matched with the running version's map of the same declaration, whatever its
 * ordinal name now is:
 *
 * <ul>
 *   <li>same type, key and value layout and capacity: the pinned map is reused as it is;
 *   <li>only the capacity changed: a new map, the entries copied (refused if they do not fit);
 *   <li>layout changed: refused, unless {@code --reset-maps} (then: initial contents);
 *   <li>new declaration (or first deploy): initial contents.
 * </ul>
 *
 * Counters are reused when the rules are unchanged, otherwise carried over by rule name. The flow
 * table, token buckets and event ring are reused when their schema is unchanged. Interface slots and
 * configuration are always written fresh. Opening old maps happens here; {@link #close()} releases them.
 */
final class MapPlan implements AutoCloseable {
    enum How {
        /** Use the pinned map of the running version. */
        REUSE,
        /** A new map with the declaration's initial contents. */
        INITIAL,
        /** A new map with the old map's entries (capacity changed). */
        COPY,
        /** A new pool with the old pool's members (capacity changed). */
        POOL_COPY,
        /** New counters, values carried over by rule name. */
        COUNTERS,
        /** A new map, empty (or written by the loader: interface slots). */
        EMPTY,
        /** Part of a pool handled at its member map. */
        WITH_POOL
    }

    record Item(Manifest.MapSpec spec, How how, Optional<Manifest.MapSpec> old) {}

    private final CompiledPolicy cp;
    private final Optional<Manifest> oldManifest;
    private final Path oldDir;
    private final boolean reset;
    private final List<Item> items = new ArrayList<>();
    private final Map<String, BpfMap> opened = new LinkedHashMap<>();
    private final Map<String, List<String>> oldPoolMembers = new LinkedHashMap<>();
    private final List<String> refusals = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    MapPlan(CompiledPolicy cp, Optional<Manifest> oldManifest, Path oldDir, boolean reset) {
        this.cp = cp;
        this.oldManifest = oldManifest;
        this.oldDir = oldDir;
        this.reset = reset;
    }

    List<Item> items() {
        return items;
    }

    /** Decides every map; exit 1 listing every incompatible change unless {@code --reset-maps}. */
    MapPlan decide() {
        for (Manifest.MapSpec s : cp.manifest().maps()) items.add(decide(s));
        if (!refusals.isEmpty()) {
            close();
            throw new UserError(
                    ExitCode.INPUT,
                    "cannot redeploy policy `" + cp.name() + "` keeping its runtime contents:\n  "
                            + String.join("\n  ", refusals)
                            + "\nthe running version is unchanged; redeploy with --reset-maps to start these from"
                            + " their initial contents");
        }
        oldManifest.ifPresent(om -> om.maps().stream()
                .filter(m -> m.decl().isPresent()
                        && !m.kind().startsWith("pool_t")
                        && !m.kind().startsWith("pool_a"))
                .filter(m -> cp.manifest().maps().stream()
                        .noneMatch(n -> n.identity().equals(m.identity())))
                .forEach(m ->
                        notes.add(word(m) + " `" + m.decl().get() + "`: removed from the policy, contents dropped")));
        return this;
    }

    private Item decide(Manifest.MapSpec s) {
        Optional<Manifest.MapSpec> old = oldManifest.flatMap(om -> om.maps().stream()
                .filter(m -> m.identity().equals(s.identity()))
                .findFirst());
        switch (s.kind()) {
            case "set", "map" -> {
                return runtimeData(s, old);
            }
            case "pool_members" -> {
                return pool(s, old);
            }
            case "pool_table", "pool_addrs" -> {
                return new Item(s, How.WITH_POOL, old);
            }
            case "counters" -> {
                if (old.isPresent() && sameMap(s, old.get()) && sameRules() && pinned(old.get())) {
                    return new Item(s, How.REUSE, old);
                }
                return new Item(s, old.isPresent() && pinned(old.get()) ? How.COUNTERS : How.EMPTY, old);
            }
            case "events", "flows", "buckets" -> {
                if (old.isPresent() && sameMap(s, old.get()) && pinned(old.get())) return new Item(s, How.REUSE, old);
                if (old.isPresent() && s.kind().equals("flows"))
                    notes.add("flow table: its layout changed, translated flows start afresh");
                return new Item(s, How.EMPTY, old);
            }
            default -> {
                return new Item(s, How.EMPTY, old);
            }
        }
    }

    private Item runtimeData(Manifest.MapSpec s, Optional<Manifest.MapSpec> old) {
        String what = word(s) + " `" + s.decl().orElse(s.name()) + "`";
        if (old.isEmpty() || !pinned(old.get())) {
            if (oldManifest.isPresent()) notes.add(what + ": new, " + entries(initialCount(s)) + " to start with");
            return new Item(s, How.INITIAL, old);
        }
        Manifest.MapSpec o = old.get();
        if (s.sameSchema(o) && s.name().equals(o.name())) {
            notes.add(what + ": kept (" + entries(count(o)) + ")");
            return new Item(s, How.REUSE, old);
        }
        if (s.sameSchema(o)) {
            // libbpf renames a reused map to its kernel name, so a map whose ordinal name changed is copied
            notes.add(what + ": kept (" + entries(count(o)) + ", copied from " + o.name() + " into " + s.name() + ")");
            return new Item(s, How.COPY, old);
        }
        if (s.sameLayout(o)) {
            long n = count(o);
            if (n <= s.capacity()) {
                notes.add(what + ": capacity " + o.capacity() + " -> " + s.capacity() + ", " + entries(n) + " copied");
                return new Item(s, How.COPY, old);
            }
            return refuse(s, old, what + ": holds " + n + " entries, more than the new capacity " + s.capacity());
        }
        return refuse(s, old, what + ": its " + layoutChange(o, s) + " changed, so its entries cannot be kept");
    }

    private Item pool(Manifest.MapSpec s, Optional<Manifest.MapSpec> old) {
        String decl = s.decl().orElseThrow();
        String what = "pool `" + decl + "`";
        Optional<Manifest.MapSpec> ot = old.flatMap(o -> oldManifest.get().mapFor("pool_table", decl));
        Optional<Manifest.MapSpec> oa = old.flatMap(o -> oldManifest.get().mapFor("pool_addrs", decl));
        if (old.isEmpty()
                || ot.isEmpty()
                || oa.isEmpty()
                || !pinned(old.get())
                || !pinned(ot.get())
                || !pinned(oa.get())) {
            if (oldManifest.isPresent()) notes.add(what + ": new, " + initialCount(s) + " initial members");
            return new Item(s, How.INITIAL, old);
        }
        List<String> members;
        try (PolicyMaps pm = PolicyMaps.pinned(cp.name(), oldDir)) {
            // read as an address pool: members print with their port if they have one
            members = pm.pool(decl, old.get().name(), ot.get().name(), oa.get().name(), false, (int)
                            old.get().capacity())
                    .members();
        }
        oldPoolMembers.put(decl, members);
        boolean withPort = withPort(decl);
        if (members.stream().anyMatch(m -> m.contains(":") != withPort)) {
            return refuse(s, old, what + ": its members " + (withPort ? "now need" : "no longer take") + " a port");
        }
        Manifest.MapSpec nt = cp.manifest().mapFor("pool_table", decl).orElseThrow();
        Manifest.MapSpec na = cp.manifest().mapFor("pool_addrs", decl).orElseThrow();
        if (s.sameSchema(old.get())
                && nt.sameSchema(ot.get())
                && na.sameSchema(oa.get())
                && s.name().equals(old.get().name())
                && nt.name().equals(ot.get().name())
                && na.name().equals(oa.get().name())) {
            notes.add(what + ": kept (" + members.size() + " members)");
            return new Item(s, How.REUSE, old);
        }
        if (members.size() > s.capacity())
            return refuse(
                    s, old, what + ": has " + members.size() + " members, more than the new capacity " + s.capacity());
        notes.add(what
                + (s.capacity() == old.get().capacity()
                        ? ": kept (" + members.size() + " members, copied into its renamed maps)"
                        : ": capacity " + old.get().capacity() + " -> " + s.capacity() + ", " + members.size()
                                + " members copied, lookup table rebuilt"));
        return new Item(s, How.POOL_COPY, old);
    }

    private Item refuse(Manifest.MapSpec s, Optional<Manifest.MapSpec> old, String why) {
        if (reset) {
            notes.add(why.replace(", so its entries cannot be kept", "")
                    + "; reset to its initial contents (--reset-maps)");
            return new Item(s, How.INITIAL, old);
        }
        refusals.add(why);
        return new Item(s, How.INITIAL, old);
    }

    private static String layoutChange(Manifest.MapSpec o, Manifest.MapSpec s) {
        if (!o.key().equals(s.key()))
            return (s.kind().equals("set") ? "element type" : "key type") + " ("
                    + o.key().layout() + " -> " + s.key().layout() + ")";
        if (!o.value().equals(s.value()))
            return "value type (" + o.value().layout() + " -> " + s.value().layout() + ")";
        return "map type (" + o.type() + " -> " + s.type() + ")";
    }

    /** Reusable as it is: same schema and same name (libbpf renames a reused map to its kernel name). */
    private static boolean sameMap(Manifest.MapSpec s, Manifest.MapSpec o) {
        return s.sameSchema(o) && s.name().equals(o.name());
    }

    private boolean sameRules() {
        return oldManifest.map(om -> om.rules().equals(cp.manifest().rules())).orElse(false);
    }

    private boolean pinned(Manifest.MapSpec old) {
        return Files.exists(oldDir.resolve(old.name()));
    }

    /** The pinned map of the running version (opened once, closed with the plan). */
    BpfMap open(Manifest.MapSpec old) {
        return opened.computeIfAbsent(old.name(), n -> BpfMap.fromPin(oldDir.resolve(n)));
    }

    private long count(Manifest.MapSpec old) {
        return open(old).keys().size();
    }

    private int initialCount(Manifest.MapSpec s) {
        String d = s.decl().orElse("");
        CheckedPolicy p = cp.policy();
        return switch (s.kind()) {
            case "set" ->
                p.sets().stream()
                        .filter(x -> x.name().equals(d))
                        .mapToInt(x -> x.initial().size())
                        .sum();
            case "map" ->
                p.maps().stream()
                        .filter(x -> x.name().equals(d))
                        .mapToInt(x -> x.initial().size())
                        .sum();
            default ->
                p.pools().stream()
                        .filter(x -> x.name().equals(d))
                        .mapToInt(x -> x.initial().size())
                        .sum();
        };
    }

    static String entries(long n) {
        return n + (n == 1 ? " entry" : " entries");
    }

    static String word(Manifest.MapSpec s) {
        return s.kind().startsWith("pool") ? "pool" : s.kind();
    }

    // ---- before load: reuse; after load: fill

    /** Makes the object use the pinned maps that are reused (checked against the kernel's view). */
    void applyReuse(BpfObject obj) {
        for (Item it : items) {
            if (it.how() == How.REUSE || it.how() == How.WITH_POOL && poolHow(it) == How.REUSE) {
                BpfMap m = open(it.old().orElseThrow());
                Manifest.MapSpec s = it.spec();
                if (!s.kind().equals("events")
                        && (m.keySize() != s.key().size()
                                || m.valueSize() != s.value().size()
                                || m.maxEntries() != s.capacity()))
                    throw new UserError(
                            ExitCode.INPUT,
                            "the pinned map " + oldDir.resolve(it.old().get().name())
                                    + " does not match the manifest of"
                                    + " the running version (" + m + "); undeploy policy `" + cp.name()
                                    + "` and deploy it again");
                obj.reuseMap(s.name(), m);
            }
        }
    }

    private How poolHow(Item it) {
        String decl = it.spec().decl().orElseThrow();
        return items.stream()
                .filter(i -> i.spec().kind().equals("pool_members")
                        && i.spec().decl().equals(Optional.of(decl)))
                .map(Item::how)
                .findFirst()
                .orElse(How.INITIAL);
    }

    /** Writes initial, copied and carried-over contents into the new object's fresh maps. */
    void fill(BpfObject obj) {
        for (Item it : items) {
            Manifest.MapSpec s = it.spec();
            switch (it.how()) {
                case INITIAL -> initial(obj, s);
                case COPY -> Elements.copy(open(it.old().orElseThrow()), obj.map(s.name()));
                case POOL_COPY ->
                    pool(obj, s.decl().orElseThrow())
                            .set(oldPoolMembers.get(s.decl().get()));
                case COUNTERS -> carryCounters(obj, s, it.old().orElseThrow());
                case REUSE, EMPTY, WITH_POOL -> {}
            }
        }
    }

    private void initial(BpfObject obj, Manifest.MapSpec s) {
        String d = s.decl().orElseThrow();
        CheckedPolicy p = cp.policy();
        switch (s.kind()) {
            case "set" ->
                p.sets().stream()
                        .filter(x -> x.name().equals(d))
                        .findFirst()
                        .ifPresent(x -> Elements.addToSet(obj.map(s.name()), s, x.initial()));
            case "map" ->
                p.maps().stream()
                        .filter(x -> x.name().equals(d))
                        .findFirst()
                        .ifPresent(x -> Elements.putAll(obj.map(s.name()), s, x.initial()));
            case "pool_members" ->
                p.pools().stream().filter(x -> x.name().equals(d)).findFirst().ifPresent(x -> pool(obj, d)
                        .set(x.initial().stream().map(Elem::toString).toList()));
            default -> throw new IllegalStateException("no initial contents for " + s.kind());
        }
    }

    /** The pool's table in the new object (the bindings' PoolTable: one writer of the ABI's pool order). */
    private PoolTable pool(BpfObject obj, String decl) {
        Manifest m = cp.manifest();
        Manifest.MapSpec mbr = m.mapFor("pool_members", decl).orElseThrow();
        return PolicyMaps.of(cp.name(), obj)
                .pool(
                        decl,
                        mbr.name(),
                        m.mapFor("pool_table", decl).orElseThrow().name(),
                        m.mapFor("pool_addrs", decl).orElseThrow().name(),
                        withPort(decl),
                        (int) mbr.capacity());
    }

    private boolean withPort(String decl) {
        return cp.policy().pools().stream()
                .filter(p -> p.name().equals(decl))
                .findFirst()
                .map(Defs.PoolDef::withPort)
                .orElse(false);
    }

    private void carryCounters(BpfObject obj, Manifest.MapSpec s, Manifest.MapSpec old) {
        BpfMap from = open(old), to = obj.map(s.name());
        Manifest om = oldManifest.orElseThrow();
        int carried = 0;
        for (Manifest.Rule r : cp.manifest().rules()) {
            Optional<Manifest.Rule> o =
                    om.rules().stream().filter(x -> x.name().equals(r.name())).findFirst();
            if (o.isEmpty() || o.get().id() >= from.maxEntries() || r.id() >= to.maxEntries()) continue;
            Optional<byte[][]> v = from.lookupPerCpu(
                    dev.routec.compiler.emit.MapLayout.u32(o.get().id()));
            if (v.isEmpty()) continue;
            to.updatePerCpu(dev.routec.compiler.emit.MapLayout.u32(r.id()), v.get(), dev.routec.runtime.UpdateMode.ANY);
            carried++;
        }
        notes.add("counters: carried over by rule name for " + carried + " of "
                + cp.manifest().rules().size() + " rules");
    }

    @Override
    public void close() {
        opened.values().forEach(BpfMap::close);
        opened.clear();
    }
}
