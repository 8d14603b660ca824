package dev.routec.runtime;

/** How an XDP program is attached: the {@code XDP_FLAGS_*_MODE} bits. */
public enum XdpMode {
    /** Let the kernel choose (native if the driver supports it, else generic). */
    AUTO(0),
    /** Generic XDP in the network stack ({@code XDP_FLAGS_SKB_MODE}); works on every device. */
    SKB(1 << 1),
    /** Native, in the driver ({@code XDP_FLAGS_DRV_MODE}). */
    DRIVER(1 << 2),
    /** Offloaded to the NIC ({@code XDP_FLAGS_HW_MODE}). */
    HARDWARE(1 << 3);

    static final int UPDATE_IF_NOEXIST = 1;

    private final int flags;

    XdpMode(int flags) {
        this.flags = flags;
    }

    int flags() {
        return flags;
    }
}
