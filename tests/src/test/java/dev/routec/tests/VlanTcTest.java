package dev.routec.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.cli.KernelPolicy;
import dev.routec.runtime.BpfObject;
import dev.routec.runtime.NetNs;
import dev.routec.runtime.Netlink;
import dev.routec.runtime.Tc;
import dev.routec.runtime.TcDirection;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vlan.id} at TC on real traffic, where the tag travels in the skb's metadata ({@code
 * vlan_present}/{@code vlan_tci}) and not in the packet bytes; BPF_PROG_TEST_RUN never shows that
 * case (see docs/backend.md). A helper program tags everything leaving one end of a veth with
 * VLAN 10 ({@code bpf_skb_vlan_push}, i.e. into the metadata, as a NIC's VLAN offload or the
 * kernel's VLAN untagging would); the policy at tc ingress of the other end must see {@code
 * vlan.id == 10}.
 */
@KernelAvailable
class VlanTcTest {
    static final AtomicInteger SEQ = new AtomicInteger();

    static final String POLICY = """
            policy vl {
              attach tc ingress
              rule v10 when vlan.id == 10 and ipv4 do continue
              rule arp10 when vlan.id in 5..15 and arp do continue
              rule untagged when not vlan.id == 10 do continue
              default pass
            }
            """;

    @TempDir
    Path tmp;

    Path helper() throws Exception {
        Path src = tmp.resolve("vlan_push.bpf.c"), obj = tmp.resolve("vlan_push.bpf.o");
        try (InputStream in = VlanTcTest.class.getResourceAsStream("/bpf/vlan_push.bpf.c")) {
            Files.copy(in, src);
        }
        FibRouteTest.must(
                "clang",
                "-O2",
                "-g",
                "-target",
                "bpf",
                "-mcpu=v3",
                "-Wall",
                "-Werror",
                "-I/usr/include/x86_64-linux-gnu",
                "-c",
                src.toString(),
                "-o",
                obj.toString());
        return obj;
    }

    @Test
    @Timeout(60)
    void vlanIdComesFromTheSkbMetadata() throws Exception {
        String base = "routec-vlan-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        String a = base + "a", b = base + "b";
        List<String> made = new ArrayList<>();
        try (KernelPolicy k = KernelPolicy.load(Differ.policy(POLICY));
                BpfObject push = BpfObject.openFile(helper())) {
            push.load();
            for (String ns : List.of(a, b)) {
                FibRouteTest.must("ip", "netns", "add", ns);
                made.add(ns);
            }
            FibRouteTest.must("ip", "-n", a, "link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", b);
            FibRouteTest.must("ip", "-n", a, "addr", "add", "10.88.0.1/24", "dev", "va");
            FibRouteTest.must("ip", "-n", b, "addr", "add", "10.88.0.2/24", "dev", "vb");
            FibRouteTest.must("ip", "-n", a, "link", "set", "va", "up");
            FibRouteTest.must("ip", "-n", b, "link", "set", "vb", "up");
            NetNs ans = NetNs.named(a), bns = NetNs.named(b);
            Tc.attach(
                    bns,
                    Netlink.ifindex(bns, "vb"),
                    TcDirection.INGRESS,
                    k.object().program("rt_tc_ingress"),
                    1,
                    1,
                    false);
            // untagged first: the policy sees no VLAN
            FibRouteTest.sh("ip", "netns", "exec", a, "ping", "-c1", "-W1", "10.88.0.2");
            long untagged = k.counters().get(2).packets();
            assertTrue(untagged >= 1, "untagged traffic counted: " + k.counters());
            assertEquals(0, k.counters().get(0).packets());
            Tc.attach(ans, Netlink.ifindex(ans, "va"), TcDirection.EGRESS, push.program("push_vlan10"), 1, 1, false);
            FibRouteTest.sh("ip", "netns", "exec", a, "ping", "-c2", "-W1", "10.88.0.2");
            FibRouteTest.sh("ip", "-n", a, "neigh", "flush", "dev", "va");
            FibRouteTest.sh("ip", "netns", "exec", a, "ping", "-c1", "-W1", "10.88.0.3");
            assertTrue(k.counters().get(0).packets() >= 2, "tagged IPv4 counted as VLAN 10: " + k.counters());
            assertTrue(k.counters().get(1).packets() >= 1, "tagged ARP counted as VLAN 10: " + k.counters());
        } finally {
            for (String ns : made) FibRouteTest.sh("ip", "netns", "delete", ns);
        }
    }
}
