package dev.routec.runtime;

import java.nio.charset.StandardCharsets;

/** Interface names and indexes, resolved inside a network namespace. */
public final class Netlink {
    private Netlink() {}

    public static int ifindex(String ifname) {
        return ifindex(NetNs.current(), ifname);
    }

    /** The index of {@code ifname} in {@code netns}; BpfException (ENODEV) if there is no such interface. */
    public static int ifindex(NetNs netns, String ifname) {
        if (ifname.isEmpty() || ifname.length() > 15 || ifname.indexOf(0) >= 0) {
            throw new IllegalArgumentException("bad interface name: '" + ifname + "'");
        }
        return BpfNative.ifNameToIndex(netns.nativePath(), ifname);
    }

    public static String ifname(int ifindex) {
        return ifname(NetNs.current(), ifindex);
    }

    /** The name of interface {@code ifindex} in {@code netns}; BpfException (ENXIO/ENODEV) if none. */
    public static String ifname(NetNs netns, int ifindex) {
        Tc.checkIfindex(ifindex);
        return new String(BpfNative.ifIndexToName(netns.nativePath(), ifindex), StandardCharsets.UTF_8);
    }
}
