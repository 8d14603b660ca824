package dev.routec.cli.deploy;

import dev.routec.cli.ExitCode;
import dev.routec.cli.UserError;
import dev.routec.runtime.BpfException;
import dev.routec.runtime.BpfProgram;
import dev.routec.runtime.NetNs;
import dev.routec.runtime.Netlink;
import dev.routec.runtime.TcDirection;
import dev.routec.runtime.XdpMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Resolving where a deployment goes: the network namespace, interfaces, hooks and modes. */
public final class Target {
    private Target() {}

    /** The namespace by {@code ip netns} name, or the current one; exit 1 if it does not exist. */
    public static NetNs netns(Optional<String> name) {
        if (name.isEmpty()) return NetNs.current();
        NetNs ns;
        try {
            ns = NetNs.named(name.get());
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.INPUT, "`" + name.get() + "` is not a network namespace name");
        }
        if (!Files.exists(Path.of("/var/run/netns", name.get())))
            throw new UserError(ExitCode.INPUT, "no network namespace `" + name.get() + "` (see `ip netns list`)");
        return ns;
    }

    public static String describe(Optional<String> netns) {
        return netns.map(n -> "network namespace `" + n + "`").orElse("this network namespace");
    }

    /** The ifindex of {@code iface}, or empty if there is no such interface. */
    public static Optional<Integer> ifindex(NetNs ns, String iface) {
        try {
            return Optional.of(Netlink.ifindex(ns, iface));
        } catch (BpfException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether program id {@code cur}, found at a hook, is routec's program for it: the one the record
     * names, or the one pinned in the policy's directory (after an interrupted deploy swapped the
     * programs and pins but did not write the record).
     */
    public static boolean ours(int cur, DeployState.HookState h, Path pinDir) {
        if (cur == 0) return false;
        if (cur == h.progId()) return true;
        Path pin = pinDir.resolve(h.program());
        if (!Files.exists(pin)) return false;
        try (BpfProgram p = BpfProgram.fromPin(pin)) {
            return p.id() == cur;
        } catch (BpfException e) {
            return false;
        }
    }

    public static boolean isTc(String hook) {
        return hook.equals("tc-ingress") || hook.equals("tc-egress");
    }

    public static TcDirection direction(String hook) {
        return switch (hook) {
            case "tc-ingress" -> TcDirection.INGRESS;
            case "tc-egress" -> TcDirection.EGRESS;
            default -> throw new IllegalArgumentException("not a TC hook: " + hook);
        };
    }

    public static XdpMode xdpMode(String word) {
        return switch (word) {
            case "auto" -> XdpMode.AUTO;
            case "skb", "generic" -> XdpMode.SKB;
            case "native", "driver" -> XdpMode.DRIVER;
            default -> throw new UserError(ExitCode.USAGE, "unknown XDP mode `" + word + "`; use auto, skb or native");
        };
    }

    /** The canonical word of an XDP mode, as the state records it. */
    public static String xdpModeWord(String word) {
        return switch (xdpMode(word)) {
            case AUTO -> "auto";
            case SKB -> "skb";
            case DRIVER -> "native";
            case HARDWARE -> "hw";
        };
    }
}
