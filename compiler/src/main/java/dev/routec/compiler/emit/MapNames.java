package dev.routec.compiler.emit;

/**
 * The compiler-owned names of a policy's BPF maps (docs/datapath-abi.md §2): {@code N} is the
 * 0-based ordinal of the declaration among the policy's declarations of that kind, in source order,
 * which is the order of {@code CheckedPolicy.sets()}, {@code maps()} and {@code pools()}. Every name
 * fits the kernel's 15 characters while N < 1000.
 */
public final class MapNames {
    private MapNames() {}

    public static final String COUNTERS = "rt_counters";

    public static String set(int n) {
        return "rt_set_" + n;
    }

    public static String map(int n) {
        return "rt_map_" + n;
    }

    public static String poolMembers(int n) {
        return "rt_pool_" + n + "_mbr";
    }

    public static String poolTable(int n) {
        return "rt_pool_" + n + "_tbl";
    }

    public static String poolAddrs(int n) {
        return "rt_pool_" + n + "_adr";
    }
}
