package dev.routec.cli.deploy;

import dev.routec.runtime.BpfException;
import dev.routec.runtime.BpfProgram;
import dev.routec.runtime.NetNs;
import dev.routec.runtime.Tc;
import dev.routec.runtime.TcDirection;
import dev.routec.runtime.TcFilter;
import dev.routec.runtime.Xdp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removing what routec attached, and only that: a TC filter is removed only while it still runs the
 * program routec put there, an XDP program only by compare-and-swap, and a clsact qdisc only if routec
 * created it and no filter at all is left on it (when another routec deployment still uses it, that
 * deployment inherits the ownership).
 */
final class Detacher {
    private final DeployRoots roots;
    final List<String> notes = new ArrayList<>();

    Detacher(DeployRoots roots) {
        this.roots = roots;
    }

    static boolean netnsGone(Optional<String> netns) {
        return netns.isPresent() && !Files.exists(Path.of("/var/run/netns", netns.get()));
    }

    /** Detaches one hook of a deployment if it still runs routec's program. */
    void detach(Optional<String> netns, DeployState.HookState h, Path pinDir) {
        if (netnsGone(netns)) {
            notes.add(h.hook() + " on " + h.iface() + ": the network namespace is gone, and its attachments with it");
            return;
        }
        NetNs ns = Target.netns(netns);
        Optional<Integer> ifindex = Target.ifindex(ns, h.iface());
        if (ifindex.isEmpty() || ifindex.get() != h.ifindex()) {
            notes.add(h.hook() + " on " + h.iface() + ": the interface is gone (or was re-created); nothing to detach");
            return;
        }
        String where = h.hook() + " on " + h.iface();
        if (h.isTc()) {
            TcDirection dir = Target.direction(h.hook());
            int cur = Tc.query(ns, h.ifindex(), dir, h.handle(), h.priority());
            if (Target.ours(cur, h, pinDir)) {
                Tc.detach(ns, h.ifindex(), dir, h.handle(), h.priority());
                notes.add(where + ": detached (program id " + cur + ")");
            } else if (cur == 0) {
                notes.add(where + ": already detached");
            } else {
                notes.add(where + ": the filter at pref " + h.priority() + " now runs program id " + cur
                        + ", not routec's; left in place");
            }
            return;
        }
        var mode = Target.xdpMode(h.xdpMode().orElse("auto"));
        int cur = Xdp.queryId(ns, h.ifindex(), mode);
        if (Target.ours(cur, h, pinDir)) {
            try (BpfProgram p = BpfProgram.fromId(cur)) {
                Xdp.detach(ns, h.ifindex(), mode, p);
                notes.add(where + ": detached (program id " + cur + ")");
            } catch (BpfException e) {
                notes.add(where + ": not detached: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        } else if (cur == 0) {
            notes.add(where + ": already detached");
        } else {
            notes.add(where + ": runs program id " + cur + ", not routec's; left in place");
        }
    }

    /**
     * Removes the clsact qdiscs in {@code owned} that {@code stillUsed} does not need once they hold no
     * filter, or hands them to another routec deployment that still uses them. Returns the interfaces
     * whose qdisc stays owned by this deployment.
     */
    List<String> releaseClsact(Optional<String> netns, String policy, List<String> owned, List<String> stillUsed) {
        List<String> kept = new ArrayList<>();
        if (netnsGone(netns)) return kept;
        NetNs ns = Target.netns(netns);
        for (String iface : owned) {
            if (stillUsed.contains(iface)) {
                kept.add(iface);
                continue;
            }
            Optional<Integer> ifindex = Target.ifindex(ns, iface);
            if (ifindex.isEmpty()) continue;
            Optional<Boolean> busy = TcTool.hasFilters(netns, iface);
            if (busy.equals(Optional.of(false))) {
                Tc.detach(new TcFilter(ns, ifindex.get(), TcDirection.INGRESS, 1, 1, 0, true), true);
                notes.add("removed the clsact qdisc routec created on " + iface);
            } else if (busy.isEmpty()) {
                notes.add("left the clsact qdisc on " + iface + ": cannot list its filters (is `tc` installed?)");
                kept.add(iface);
            } else if (!handOver(netns, policy, iface)) {
                notes.add("left the clsact qdisc routec created on " + iface + ": other filters use it");
                kept.add(iface);
            }
        }
        return kept;
    }

    /** Gives ownership of a clsact qdisc to another routec deployment on the same interface. */
    private boolean handOver(Optional<String> netns, String policy, String iface) {
        for (String other : DeployState.deployed(roots)) {
            if (other.equals(policy)) continue;
            Optional<DeployState> o = DeployState.read(roots, other);
            if (o.isEmpty() || !o.get().netns().equals(netns)) continue;
            if (o.get().hooks().stream().noneMatch(h -> h.isTc() && h.iface().equals(iface))) continue;
            List<String> owned = new ArrayList<>(o.get().clsactOwned());
            if (!owned.contains(iface)) owned.add(iface);
            DeployState.writeFile(
                    roots,
                    other,
                    DeployState.STATE,
                    o.get().withClsactOwned(owned).toJson());
            notes.add("the clsact qdisc on " + iface + " stays for policy `" + other + "`, which now owns it");
            return true;
        }
        return false;
    }
}
