package dev.routec.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code routec compile} and {@code routec run}: files, determinism, exit codes, agreement with eval. */
class CompileRunCommandTest {
    @TempDir
    Path tmp;

    static CliTest.Run run(String... args) {
        return CliTest.run(args);
    }

    @Test
    void compileWritesTheThreeFilesPerPolicyDeterministically() throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        CliTest.Run r = run("compile", CliTest.example("dns_mirror.route").toString(), "-o", a.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(
                0,
                run("compile", CliTest.example("dns_mirror.route").toString(), "-o", b.toString())
                        .code());
        for (String f : List.of("dns_mirror.bpf.c", "dns_mirror.bpf.o", "dns_mirror.manifest.json"))
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        String manifest = Files.readString(a.resolve("dns_mirror.manifest.json"));
        JsonCheck.validate(manifest.replace("\n", " "));
        assertTrue(manifest.contains("\"program\": \"rt_tc_egress\""), manifest);
        String src = Files.readString(a.resolve("dns_mirror.bpf.c"));
        assertFalse(src.contains(tmp.toString()));
        // the .bpf.c is complete: it compiles on its own with the pinned flags
        Process p = new ProcessBuilder(
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
                        "dns_mirror.bpf.c",
                        "-o",
                        "again.o")
                .directory(a.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void aMissingClangIsExitThreeWithOneLine() {
        System.setProperty("routec.clang", "/nonexistent/clang");
        try {
            CliTest.Run r = run("compile", CliTest.example("lb.route").toString(), "-o", tmp.toString());
            assertEquals(3, r.code(), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains("clang was not found"), r.err());
        } finally {
            System.clearProperty("routec.clang");
        }
    }

    @Test
    void aFailingClangIsADiagnosticNamingThePolicy() {
        System.setProperty("routec.clang", "/bin/false");
        try {
            CliTest.Run r = run("compile", CliTest.example("lb.route").toString(), "-o", tmp.toString());
            assertEquals(4, r.code(), r.err());
            assertTrue(r.err().contains("error: policy `edge`: clang failed"), r.err());
            assertTrue(r.err().contains("please report"), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        } finally {
            System.clearProperty("routec.clang");
        }
    }

    @Test
    void errorsInTheInputAreExitOne() throws IOException {
        Path f = tmp.resolve("bad.route");
        Files.writeString(f, "policy p { rule r when dport == 70000 do drop }\n");
        assertEquals(1, run("compile", f.toString(), "-o", tmp.toString()).code());
        assertEquals(1, run("run", f.toString(), "--packet", "arp").code());
    }

    static final Map<String, List<String>> PACKETS = Map.of(
            "lb.route",
                    List.of(
                            "tcp 203.0.113.9:1234 -> 10.0.0.100:80",
                            "tcp 198.51.100.7:40000 -> 10.0.0.100:443 flags syn",
                            "udp 10.2.3.4:5000 -> 192.0.2.1:53",
                            "udp 10.1.3.4:5000 -> 192.0.2.1:9999 mark 9"),
            "vip.route",
                    List.of(
                            "tcp 192.0.2.7:40000 -> 192.0.2.100:80 flags syn",
                            "tcp 192.0.2.1:40000 -> 192.0.2.100:22",
                            "icmp 192.0.2.7 -> 192.0.2.100"),
            "dscp_marking.route",
                    List.of(
                            "udp 192.0.2.1:5000 -> 198.51.100.1:20000",
                            "tcp 192.0.2.1:5000 -> 198.51.100.1:80 vlan 66",
                            "udp [2001:db8::1]:5000 -> [2001:db8::2]:5060"),
            "syn_guard.route",
                    List.of(
                            "tcp 192.0.2.1:1000 -> 192.0.2.2:80 flags syn,fin",
                            "tcp 192.0.2.1:1000 -> 192.0.2.2:80 flags syn"));

    @Test
    @KernelAvailable
    void runPrintsWhatEvalPrints() {
        for (Map.Entry<String, List<String>> e : PACKETS.entrySet()) {
            String file = CliTest.example(e.getKey()).toString();
            for (String packet : e.getValue()) {
                CliTest.Run ev = run("eval", file, "--packet", packet, "--json");
                CliTest.Run rn = run("run", file, "--packet", packet, "--json");
                assertEquals(0, rn.code(), rn.err());
                assertEquals(ev.out(), rn.out(), file + ": " + packet);
                assertEquals(ev.out().length() > 0, true);
                CliTest.Run human = run("run", file, "--packet", packet);
                assertEquals(run("eval", file, "--packet", packet).out(), human.out());
            }
        }
    }

    @Test
    @KernelAvailable
    void runOnACaptureGivesOneLinePerFrameLikeEval() throws IOException {
        Path pcaps = KernelPcapSweepTest.captures().get(0).getParent();
        for (String cap : List.of("802.1ad_QinQ.pcap", "DTP.pcap", "02-sunrise-sunset-esp.pcap")) {
            Path c = pcaps.resolve(cap);
            for (String ex : List.of("dns_mirror.route", "blocklist.route")) {
                for (String hook :
                        ex.equals("dns_mirror.route") ? List.of("tc-ingress", "tc-egress") : List.of("xdp")) {
                    CliTest.Run ev = run(
                            "eval", CliTest.example(ex).toString(), "--pcap", c.toString(), "--json", "--hook", hook);
                    CliTest.Run rn = run(
                            "run", CliTest.example(ex).toString(), "--pcap", c.toString(), "--json", "--hook", hook);
                    assertEquals(0, rn.code(), rn.err());
                    assertEquals(ev.out(), rn.out(), cap + " " + ex + " " + hook);
                    assertTrue(rn.out().lines().count() > 0);
                }
            }
        }
    }
}
