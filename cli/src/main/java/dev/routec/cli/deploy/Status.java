package dev.routec.cli.deploy;

import dev.routec.runtime.BpfException;
import dev.routec.runtime.NetNs;
import dev.routec.runtime.Tc;
import dev.routec.runtime.Xdp;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code routec status}: every recorded deployment, checked against the kernel. */
public final class Status {
    /** One hook: is routec's program still the one attached there? {@code detail} says why not. */
    public record HookStatus(DeployState.HookState hook, boolean attached, String detail) {}

    public record PolicyStatus(DeployState state, List<HookStatus> hooks, boolean pinned) {
        public boolean healthy() {
            return pinned && hooks.stream().allMatch(HookStatus::attached);
        }
    }

    private final DeployRoots roots;

    public Status(DeployRoots roots) {
        this.roots = roots;
    }

    public List<PolicyStatus> all() {
        List<PolicyStatus> out = new ArrayList<>();
        for (String p : DeployState.deployed(roots))
            DeployState.read(roots, p).map(this::check).ifPresent(out::add);
        return out;
    }

    public Optional<PolicyStatus> of(String policy) {
        return DeployState.read(roots, policy).map(this::check);
    }

    private PolicyStatus check(DeployState s) {
        List<HookStatus> hooks = new ArrayList<>();
        for (DeployState.HookState h : s.hooks()) hooks.add(check(s.netns(), h, roots.pinDir(s.policy())));
        return new PolicyStatus(s, hooks, Files.isDirectory(roots.pinDir(s.policy())));
    }

    static HookStatus check(Optional<String> netns, DeployState.HookState h, java.nio.file.Path pinDir) {
        if (Detacher.netnsGone(netns)) return new HookStatus(h, false, "network namespace gone");
        NetNs ns = Target.netns(netns);
        Optional<Integer> ifindex = Target.ifindex(ns, h.iface());
        if (ifindex.isEmpty()) return new HookStatus(h, false, "interface gone");
        if (ifindex.get() != h.ifindex()) return new HookStatus(h, false, "interface re-created");
        try {
            int cur = h.isTc()
                    ? Tc.query(ns, h.ifindex(), Target.direction(h.hook()), h.handle(), h.priority())
                    : Xdp.queryId(ns, h.ifindex(), Target.xdpMode(h.xdpMode().orElse("auto")));
            if (Target.ours(cur, h, pinDir)) return new HookStatus(h, true, "attached");
            if (cur == 0) return new HookStatus(h, false, "not attached");
            return new HookStatus(h, false, "program id " + cur + " runs there instead");
        } catch (BpfException e) {
            return new HookStatus(h, false, "cannot query: " + e.errnoName());
        }
    }
}
