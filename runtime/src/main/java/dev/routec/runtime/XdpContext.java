package dev.routec.runtime;

/**
 * The {@code struct xdp_md} fields BPF_PROG_TEST_RUN lets a caller set for an XDP program. A non-zero
 * {@code ingressIfindex} must name a device in the calling thread's namespace, with more RX queues
 * than {@code rxQueueIndex}.
 */
public record XdpContext(int ingressIfindex, int rxQueueIndex) {
    int[] toArray() {
        return new int[] {ingressIfindex, rxQueueIndex, 0, 0};
    }

    static XdpContext fromArray(int[] a) {
        return new XdpContext(a[0], a[1]);
    }
}
