package dev.routec.cli.deploy;

import dev.routec.compiler.check.Defs;
import dev.routec.compiler.check.Elem;
import dev.routec.compiler.emit.MapLayout;
import dev.routec.compiler.emit.MapLayout.Layout;
import dev.routec.runtime.BpfMap;
import dev.routec.runtime.MapEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Set and map contents as elements: encoding through {@link MapLayout}, reading back, initial contents. */
public final class Elements {
    private Elements() {}

    public static Layout layout(Manifest.Shape s) {
        return Layout.valueOf(s.layout().toUpperCase(Locale.ROOT));
    }

    /** Writes a set's elements (value 1 each). */
    public static void addToSet(BpfMap map, Manifest.MapSpec spec, List<Elem> elems) {
        if (elems.isEmpty()) return;
        Layout k = layout(spec.key());
        byte[][] keys = new byte[elems.size()][];
        byte[][] vals = new byte[elems.size()][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = MapLayout.encode(k, elems.get(i));
            vals[i] = MapLayout.setValue();
        }
        map.batchUpdate(keys, vals);
    }

    public static void putAll(BpfMap map, Manifest.MapSpec spec, List<Defs.MapEntry> entries) {
        if (entries.isEmpty()) return;
        Layout k = layout(spec.key()), v = layout(spec.value());
        byte[][] keys = new byte[entries.size()][];
        byte[][] vals = new byte[entries.size()][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = MapLayout.encode(k, entries.get(i).key());
            vals[i] = MapLayout.encode(v, entries.get(i).value());
        }
        map.batchUpdate(keys, vals);
    }

    /** The elements of a set, sorted by their text (addresses numerically within a family). */
    public static List<Elem> readSet(BpfMap map, Manifest.MapSpec spec) {
        Layout k = layout(spec.key());
        List<Elem> out = new ArrayList<>();
        for (byte[] key : map.keys()) out.add(MapLayout.decode(k, key));
        out.sort(ORDER);
        return out;
    }

    public static List<Defs.MapEntry> readMap(BpfMap map, Manifest.MapSpec spec) {
        Layout k = layout(spec.key()), v = layout(spec.value());
        List<Defs.MapEntry> out = new ArrayList<>();
        for (MapEntry e : map.batchLookup())
            out.add(new Defs.MapEntry(MapLayout.decode(k, e.key()), MapLayout.decode(v, e.value())));
        out.sort(Comparator.comparing(Defs.MapEntry::key, ORDER));
        return out;
    }

    /** Copies every entry of {@code from} into {@code to} (same layouts); returns how many. */
    public static int copy(BpfMap from, BpfMap to) {
        List<MapEntry> all = from.batchLookup();
        if (all.isEmpty()) return 0;
        byte[][] keys = new byte[all.size()][];
        byte[][] vals = new byte[all.size()][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = all.get(i).key();
            vals[i] = all.get(i).value();
        }
        return to.batchUpdate(keys, vals);
    }

    /** A stable display order: integers numerically, addresses by bytes, then text. */
    public static final Comparator<Elem> ORDER = Comparator.comparing(Elements::sortKey);

    private static String sortKey(Elem e) {
        return switch (e) {
            case Elem.Int i -> String.format(Locale.ROOT, "0%020d", i.value());
            case Elem.Addr a ->
                "1" + java.util.HexFormat.of().formatHex(a.addr().bytes());
            case Elem.Pfx p ->
                "1"
                        + java.util.HexFormat.of().formatHex(p.prefix().addr().bytes())
                        + String.format(Locale.ROOT, "%03d", p.prefix().len());
            case Elem.AddrPort a ->
                "1" + java.util.HexFormat.of().formatHex(a.addr().bytes())
                        + String.format(Locale.ROOT, "%05d", a.port());
            default -> "2" + e;
        };
    }
}
