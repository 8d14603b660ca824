package dev.routec.runtime;

/**
 * The {@code struct __sk_buff} fields BPF_PROG_TEST_RUN lets a caller set and read back for a TC
 * (SCHED_CLS/SCHED_ACT) program. {@code ifindex} and {@code ingressIfindex}, if non-zero, must name
 * devices in the calling thread's namespace; {@code tc_index} and other fields are not settable by the
 * kernel's test-run interface.
 */
public record SkbContext(int mark, int priority, int ingressIfindex, int ifindex) {
    public static final SkbContext EMPTY = new SkbContext(0, 0, 0, 0);

    public static SkbContext withMark(int mark) {
        return new SkbContext(mark, 0, 0, 0);
    }

    int[] toArray() {
        return new int[] {mark, priority, ingressIfindex, ifindex};
    }

    static SkbContext fromArray(int[] a) {
        return new SkbContext(a[0], a[1], a[2], a[3]);
    }
}
