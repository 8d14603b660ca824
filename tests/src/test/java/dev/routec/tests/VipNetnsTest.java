package dev.routec.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.cli.demo.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headline use case, end to end with real TCP: a client, a router and two backends in network
 * namespaces; examples/vip.route on the router's client-side interface does `dnat to backends` at tc
 * ingress and translates replies back at tc egress of the same interface. Connections to the VIP
 * succeed and both backends serve; removing a backend with `routec map` moves new connections to
 * the other.
 */
@RequiresKernel
@Timeout(240)
class VipNetnsTest {
    @TempDir
    Path tmp;

    static Path example(String name) {
        return Path.of(System.getProperty("routec.root", ".."))
                .resolve("examples")
                .resolve(name);
    }

    @Test
    void vipBalancesRealConnectionsAndFollowsPoolChanges() {
        try (DeployRoot root = new DeployRoot(tmp);
                Topology net = Topology.create(DeployRoot.uniqueName())) {
            net.startServers();
            DeployRoot.cli("deploy", example("vip.route").toString(), "--netns", net.router)
                    .ok();
            assertTrue(DeployRoot.cli("status", "vip", "--json").ok().out().contains("\"healthy\":true"));

            Map<String, Integer> before = new TreeMap<>();
            for (int i = 0; i < 40 && (i < 12 || before.size() < 2); i++)
                before.merge(net.fetchVip(Duration.ofSeconds(3)).orElse("no answer"), 1, Integer::sum);
            assertEquals(
                    Set.of("backend-1", "backend-2"), before.keySet(), "every connection answered, by both: " + before);

            String stats = DeployRoot.cli("stats", "vip", "--json").ok().out();
            assertTrue(stats.matches("(?s).*\"rule\":\"http\",\"packets\":[1-9].*"), stats);

            DeployRoot.cli("map", "vip", "backends", "del", "10.10.0.2:8080").ok();
            assertEquals(
                    "[\"10.10.0.3:8080\"]",
                    listed(DeployRoot.cli("map", "vip", "backends", "list", "--json")
                            .ok()
                            .out()));
            Map<String, Integer> after = new TreeMap<>();
            for (int i = 0; i < 12; i++)
                after.merge(net.fetchVip(Duration.ofSeconds(3)).orElse("no answer"), 1, Integer::sum);
            assertEquals(Map.of("backend-2", 12), after);

            DeployRoot.cli("undeploy", "vip").ok();
            assertFalse(Files.exists(root.pins.resolve("vip")));
            assertFalse(DeployRoot.check("tc", "-n", net.router, "qdisc", "show", "dev", Topology.ROUTER_IFACE)
                    .contains("clsact"));
        }
    }

    static String listed(String json) {
        return json.replaceAll("(?s).*\"entries\":(\\[[^]]*\\]).*", "$1");
    }
}
