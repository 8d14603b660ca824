package dev.routec.cli.deploy;

import dev.routec.compiler.emit.MapLayout;
import dev.routec.runtime.BpfMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Per-rule counters of a deployed policy, summed over CPUs, named from the manifest. */
public final class Counters {
    private Counters() {}

    public record RuleCounter(int id, String rule, MapLayout.Counter counter) {}

    public static List<RuleCounter> read(Deployment d) {
        Manifest.MapSpec spec = d.manifest()
                .mapOfKind("counters")
                .orElseThrow(() -> new IllegalStateException("the manifest lists no counters map"));
        BpfMap map = d.map(spec.name());
        List<RuleCounter> out = new ArrayList<>();
        for (Manifest.Rule r : d.manifest().rules()) {
            if (r.id() >= map.maxEntries()) continue;
            Optional<byte[][]> v = map.lookupPerCpu(MapLayout.u32(r.id()));
            MapLayout.Counter c =
                    v.map(a -> MapLayout.sumCounters(Arrays.asList(a))).orElse(MapLayout.Counter.ZERO);
            out.add(new RuleCounter(r.id(), r.name(), c));
        }
        return out;
    }
}
