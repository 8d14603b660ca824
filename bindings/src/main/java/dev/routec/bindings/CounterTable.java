package dev.routec.bindings;

import dev.routec.compiler.emit.MapLayout;
import dev.routec.compiler.emit.MapLayout.Counter;
import dev.routec.runtime.BpfMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The per-rule counters of a policy ({@code rt_counters}, docs/datapath-abi.md §5): one {@code struct
 * rt_counter} per CPU for every rule id (rules 0..n-1, the default n), read and summed over the CPUs
 * by {@link MapLayout#sumCounters}.
 */
public final class CounterTable {
    private final BpfMap map;

    CounterTable(BpfMap map) {
        this.map = map;
    }

    /** The counter of rule {@code id}, summed over every CPU. */
    public Counter read(int id) {
        if (id < 0 || id >= map.maxEntries()) {
            throw new IllegalArgumentException("rule id " + id + " is out of range 0.." + (map.maxEntries() - 1));
        }
        byte[][] perCpu = map.lookupPerCpu(MapLayout.u32(id)).orElseThrow();
        return MapLayout.sumCounters(Arrays.asList(perCpu));
    }

    /** Every counter, by rule id. */
    public List<Counter> readAll() {
        List<Counter> all = new ArrayList<>(map.maxEntries());
        for (int id = 0; id < map.maxEntries(); id++) all.add(read(id));
        return List.copyOf(all);
    }

    /** Sets every counter of every CPU to zero (the datapath may count meanwhile). */
    public void reset() {
        byte[][] zero = new byte[BpfMap.possibleCpus()][];
        Arrays.fill(zero, new byte[MapLayout.Layout.COUNTER.size]);
        for (int id = 0; id < map.maxEntries(); id++) {
            map.updatePerCpu(MapLayout.u32(id), zero, dev.routec.runtime.UpdateMode.ANY);
        }
    }
}
