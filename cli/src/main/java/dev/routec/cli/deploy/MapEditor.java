package dev.routec.cli.deploy;

import dev.routec.bindings.PolicyMaps;
import dev.routec.bindings.PoolTable;
import dev.routec.cli.ExitCode;
import dev.routec.cli.UserError;
import dev.routec.compiler.check.Defs;
import dev.routec.compiler.check.Elem;
import dev.routec.compiler.emit.MapLayout;
import dev.routec.runtime.BpfMap;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code routec map NAME DECL add|del|list}: the runtime contents of a deployed policy's sets, maps
 * and pools. Values are checked by the compiler ({@link ValueParser}); pools are rewritten as the ABI
 * requires (members, Maglev table, address index). Changes take the deployment lock.
 */
public final class MapEditor implements AutoCloseable {
    /** The contents of one declaration, each entry in .route literal syntax. */
    public record Listing(String decl, String kind, String type, int capacity, List<String> entries) {}

    private final Deployment d;
    private PolicyMaps pins;

    public MapEditor(Deployment d) {
        this.d = d;
    }

    private Defs.Container container(String decl) {
        return d.policy()
                .container(decl)
                .orElseThrow(() -> new UserError(
                        ExitCode.INPUT,
                        "policy `" + d.name() + "` has no set, map or pool `" + decl + "`"
                                + names().stream()
                                        .map(n -> "`" + n + "`")
                                        .collect(Collectors.joining(", ", "; it has ", ""))));
    }

    private List<String> names() {
        List<String> n = new ArrayList<>();
        d.policy().sets().forEach(s -> n.add(s.name()));
        d.policy().maps().forEach(s -> n.add(s.name()));
        d.policy().pools().forEach(s -> n.add(s.name()));
        return n;
    }

    private Manifest.MapSpec spec(String kind, String decl) {
        return d.manifest()
                .mapFor(kind, decl)
                .orElseThrow(() -> new UserError(
                        ExitCode.INPUT,
                        "the manifest of policy `" + d.name() + "` has no " + kind + " map for `" + decl
                                + "`; deploy it again"));
    }

    /** The pool's table (the bindings' PoolTable), over the pinned maps; closed with {@link #close()}. */
    private PoolTable pool(Defs.PoolDef p) {
        Manifest.MapSpec mbr = spec("pool_members", p.name());
        if (pins == null) pins = PolicyMaps.pinned(d.name(), d.roots().pinDir(d.name()));
        try {
            return pins.pool(
                    p.name(),
                    mbr.name(),
                    spec("pool_table", p.name()).name(),
                    spec("pool_addrs", p.name()).name(),
                    p.withPort(),
                    (int) mbr.capacity());
        } catch (IllegalStateException e) {
            throw new UserError(ExitCode.INPUT, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (pins != null) pins.close();
    }

    public Listing list(String decl) {
        return switch (container(decl)) {
            case Defs.SetDef s -> {
                Manifest.MapSpec spec = spec("set", decl);
                yield new Listing(
                        decl,
                        "set",
                        s.elemType().text,
                        s.capacity(),
                        Elements.readSet(d.map(spec.name()), spec).stream()
                                .map(Elem::toString)
                                .toList());
            }
            case Defs.MapDef m -> {
                Manifest.MapSpec spec = spec("map", decl);
                yield new Listing(
                        decl,
                        "map",
                        m.keyType().text + " -> " + m.valueType().text,
                        m.capacity(),
                        Elements.readMap(d.map(spec.name()), spec).stream()
                                .map(e -> e.key() + ": " + e.value())
                                .toList());
            }
            case Defs.PoolDef p ->
                new Listing(decl, "pool", p.withPort() ? "ipv4:port" : "ipv4", p.capacity(), pool(p).members());
        };
    }

    /** Adds elements, entries (replacing the value of an existing key) or members; returns what happened. */
    public List<String> add(String decl, List<String> values) {
        Defs.Container c = container(decl);
        try (DeployLock lock = DeployLock.acquire(d.roots())) {
            return switch (c) {
                case Defs.SetDef s -> addToSet(s, ValueParser.setElements(s, values));
                case Defs.MapDef m -> putInMap(m, ValueParser.mapEntries(m, values));
                case Defs.PoolDef p -> addToPool(p, ValueParser.poolMembers(p, values));
            };
        }
    }

    /** Removes elements, keys or members; absent ones are reported, not an error. */
    public List<String> del(String decl, List<String> values) {
        Defs.Container c = container(decl);
        try (DeployLock lock = DeployLock.acquire(d.roots())) {
            return switch (c) {
                case Defs.SetDef s -> {
                    Manifest.MapSpec spec = spec("set", decl);
                    yield delete(d.map(spec.name()), spec, ValueParser.setElements(s, values), "set");
                }
                case Defs.MapDef m -> {
                    Manifest.MapSpec spec = spec("map", decl);
                    yield delete(d.map(spec.name()), spec, ValueParser.mapKeys(m, values), "map");
                }
                case Defs.PoolDef p -> removeFromPool(p, ValueParser.poolMembers(p, values));
            };
        }
    }

    private List<String> addToSet(Defs.SetDef s, List<Elem> elems) {
        Manifest.MapSpec spec = spec("set", s.name());
        BpfMap map = d.map(spec.name());
        Set<String> present = keySet(map);
        List<Elem> fresh = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Elem e : elems) {
            String k = hex(MapLayout.encode(Elements.layout(spec.key()), e));
            if (!present.contains(k) && seen.add(k)) fresh.add(e);
        }
        checkRoom("set", s.name(), present.size(), fresh.size(), s.capacity());
        Elements.addToSet(map, spec, fresh);
        return List.of("set `" + s.name() + "`: added " + fresh.size()
                + (elems.size() > fresh.size() ? " (" + (elems.size() - fresh.size()) + " already present)" : "")
                + ", now " + (present.size() + fresh.size()) + " of " + s.capacity());
    }

    private List<String> putInMap(Defs.MapDef m, List<Defs.MapEntry> entries) {
        Manifest.MapSpec spec = spec("map", m.name());
        BpfMap map = d.map(spec.name());
        Set<String> present = keySet(map);
        Set<String> fresh = new LinkedHashSet<>();
        for (Defs.MapEntry e : entries) {
            String k = hex(MapLayout.encode(Elements.layout(spec.key()), e.key()));
            if (!present.contains(k)) fresh.add(k);
        }
        checkRoom("map", m.name(), present.size(), fresh.size(), m.capacity());
        Elements.putAll(map, spec, entries);
        return List.of("map `" + m.name() + "`: set " + entries.size() + " entr" + (entries.size() == 1 ? "y" : "ies")
                + " (" + fresh.size() + " new), now " + (present.size() + fresh.size()) + " of " + m.capacity());
    }

    private List<String> delete(BpfMap map, Manifest.MapSpec spec, List<Elem> keys, String kind) {
        Set<String> present = keySet(map);
        int removed = 0;
        List<String> notes = new ArrayList<>();
        for (Elem k : keys) {
            byte[] b = MapLayout.encode(Elements.layout(spec.key()), k);
            if (present.remove(hex(b)) && map.delete(b)) removed++;
            else notes.add(kind + " `" + spec.decl().orElse("") + "`: " + k + " is not in it");
        }
        notes.add(0, kind + " `" + spec.decl().orElse("") + "`: removed " + removed + ", now " + present.size());
        return notes;
    }

    private List<String> addToPool(Defs.PoolDef p, List<Elem> add) {
        PoolTable pool = pool(p);
        List<String> notes = new ArrayList<>();
        List<String> members = new ArrayList<>(pool.members());
        int added = 0;
        for (Elem e : add) {
            if (members.contains(e.toString())) notes.add("pool `" + p.name() + "`: " + e + " is already a member");
            else {
                members.add(e.toString());
                added++;
            }
        }
        checkRoom("pool", p.name(), members.size() - added, added, pool.capacity());
        if (added > 0) pool.set(members);
        notes.add(0, "pool `" + p.name() + "`: added " + added + ", members now " + pool.members());
        return notes;
    }

    private List<String> removeFromPool(Defs.PoolDef p, List<Elem> del) {
        PoolTable pool = pool(p);
        List<String> notes = new ArrayList<>();
        List<String> members = new ArrayList<>(pool.members());
        int removed = 0;
        for (Elem e : del) {
            if (members.remove(e.toString())) removed++;
            else notes.add("pool `" + p.name() + "`: " + e + " is not a member");
        }
        if (removed > 0) pool.set(members);
        notes.add(
                0,
                "pool `" + p.name() + "`: removed " + removed + ", members now " + members
                        + (members.isEmpty() ? " (empty: its rules drop and count pool_empty)" : ""));
        return notes;
    }

    private static void checkRoom(String kind, String name, int have, int adding, int capacity) {
        if (have + adding > capacity)
            throw new UserError(
                    ExitCode.INPUT,
                    kind + " `" + name + "` is full: it holds " + have + " of " + capacity + ", adding " + adding
                            + " would exceed its capacity (raise `capacity` in the policy and deploy it again)");
    }

    private static Set<String> keySet(BpfMap map) {
        Set<String> s = new LinkedHashSet<>();
        for (byte[] k : map.keys()) s.add(hex(k));
        return s;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
