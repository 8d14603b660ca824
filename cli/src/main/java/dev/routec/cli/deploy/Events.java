package dev.routec.cli.deploy;

import dev.routec.cli.Json;
import dev.routec.compiler.emit.MapLayout;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketDissector;
import dev.routec.compiler.packet.PacketPrinter;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.runtime.BpfException;
import dev.routec.runtime.NetNs;
import dev.routec.runtime.Netlink;
import dev.routec.runtime.RingBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The {@code log} events of a deployed policy, read from its pinned ring buffer and rendered as JSON
 * lines: wall-clock time, rule, tag, hook, interface, lengths and the packet in routec's notation.
 * Events are consumed as they are read (one reader at a time sees each event).
 */
public final class Events implements AutoCloseable {
    private static final String[] HOOKS = {"xdp", "tc-ingress", "tc-egress"};

    private final Deployment d;
    private final RingBuffer ring;
    private final NetNs ns;
    private final Map<Integer, String> ifnames = new HashMap<>();
    /** CLOCK_MONOTONIC (bpf_ktime_get_ns, System.nanoTime) to wall-clock nanoseconds. */
    private final long wallOffsetNs;

    public Events(Deployment d) {
        this.d = d;
        Manifest.MapSpec spec = d.manifest()
                .mapOfKind("events")
                .orElseThrow(() -> new IllegalStateException("the manifest lists no events map"));
        this.ring = RingBuffer.open(d.map(spec.name()));
        this.ns = Detacher.netnsGone(d.state().netns())
                ? NetNs.current()
                : Target.netns(d.state().netns());
        Instant now = Instant.now();
        this.wallOffsetNs = now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
    }

    /** Waits up to {@code timeout} and returns the events that arrived, as JSON lines. */
    public List<String> poll(Duration timeout) {
        List<String> out = new ArrayList<>();
        for (byte[] rec : ring.poll(timeout)) {
            if (rec.length < MapLayout.Layout.EVENT.size - MapLayout.EVENT_DATA) continue; // not an rt_event
            out.add(json(MapLayout.decodeEvent(Arrays.copyOf(rec, MapLayout.Layout.EVENT.size))));
        }
        return out;
    }

    String json(MapLayout.Event e) {
        String iface = ifname(e.ifindex());
        long wall = wallOffsetNs + e.timeNs();
        Instant t = Instant.ofEpochSecond(Math.floorDiv(wall, 1_000_000_000L), Math.floorMod(wall, 1_000_000_000L));
        String hook = e.hook() < HOOKS.length ? HOOKS[e.hook()] : "hook#" + e.hook();
        return "{\"time\":" + Json.str(t.toString())
                + ",\"policy\":" + Json.str(d.name())
                + ",\"rule\":" + Json.str(d.manifest().ruleName(e.rule()))
                + ",\"tag\":" + Json.str(d.manifest().tagName(e.tag()).orElse(null))
                + ",\"hook\":" + Json.str(hook)
                + ",\"iface\":" + Json.str(iface)
                + ",\"len\":" + Integer.toUnsignedString(e.len())
                + ",\"mark\":" + e.mark()
                + ",\"packet\":" + Json.str(packet(e, iface))
                + "}";
    }

    private static String packet(MapLayout.Event e, String iface) {
        byte[] data = e.data();
        String iif = iface != null && iface.matches("[A-Za-z0-9_.:-]{1,15}") ? iface : PacketSpec.DEFAULT_IIF;
        PacketSpec s = PacketDissector.dissect(new Frame(data, iif, e.mark()));
        if (data.length < Integer.toUnsignedLong(e.len()) && s.len().isPresent()) {
            // a cut-short capture: the notation describes the packet, whose length the headers give
            s = new PacketSpec(
                    s.ethSrc(),
                    s.ethDst(),
                    s.l3(),
                    s.iif(),
                    s.vlan(),
                    s.ttl(),
                    s.dscp(),
                    OptionalInt.empty(),
                    s.mark(),
                    s.frag(),
                    s.payload());
        }
        return PacketPrinter.print(s);
    }

    private String ifname(int ifindex) {
        if (ifindex <= 0) return null;
        return ifnames.computeIfAbsent(ifindex, i -> {
            try {
                return Netlink.ifname(ns, i);
            } catch (BpfException | IllegalArgumentException ex) {
                return "if" + Integer.toUnsignedString(i);
            }
        });
    }

    @Override
    public void close() {
        ring.close();
    }
}
