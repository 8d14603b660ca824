package dev.routec.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI contract of LANGUAGE.md §8: outputs, JSON shape and exit codes. */
class CliTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static Path example(String name) {
        return Path.of(System.getProperty("routec.root", ".."))
                .resolve("examples")
                .resolve(name);
    }

    @TempDir
    Path tmp;

    @Test
    void checkOfAValidFileSucceedsSilently() {
        Run r = run("check", example("lb.route").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
    }

    @Test
    void checkReportsEveryErrorWithPositionAndExitsOne() throws IOException {
        Path f = tmp.resolve("bad.route");
        Files.writeString(f, "policy p {\n  set s : prefix4 = {10.0.0.1/8}\n  rule r when dport == 70000 do drop\n}\n");
        Run r = run("check", f.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(f + ":2:22: error: prefix `10.0.0.1/8` has host bits set"), r.err());
        assertTrue(r.err().contains("help: write `10.0.0.0/8`"), r.err());
        assertTrue(r.err().contains(f + ":3:24: error: 70000 does not fit `dport`"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void checkJsonIsOneDocument() throws IOException {
        Path f = tmp.resolve("bad.route");
        Files.writeString(f, "policy p { rule r when dprot == 1 do drop }\n");
        Run r = run("check", "--json", f.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().startsWith("{\"files\":[{\"file\":"), r.out());
        assertTrue(r.out().contains("\"code\":\"E0301\""), r.out());
        assertTrue(r.out().contains("did you mean `dport`?"), r.out());
    }

    @Test
    void missingFileIsAnInputError() {
        Run r = run("check", tmp.resolve("nope.route").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("routec: cannot read"), r.err());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("eval", example("lb.route").toString()).code());
        assertEquals(2, run("frobnicate").code());
        assertEquals(
                2,
                run("eval", example("lb.route").toString(), "--packet", "arp", "--hook", "xdp")
                        .code());
    }

    @Test
    void evalPrintsTheSpecifiedJson() {
        Run r = run(
                "eval", example("lb.route").toString(), "--packet", "tcp 203.0.113.9:1234 -> 10.0.0.100:80", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(
                "{\"verdict\":\"drop\",\"rule\":\"drop_blocked\",\"iface\":null,\"mark\":0,"
                        + "\"packet\":\"tcp 203.0.113.9:1234 -> 10.0.0.100:80\"}\n",
                r.out());
    }

    @Test
    void evalAtXdpReportsNullMarkAndRedirectNamesTheInterface() {
        Run x = run(
                "eval", example("blocklist.route").toString(), "--packet", "udp 192.0.2.1:1 -> 192.0.2.2:2", "--json");
        assertTrue(x.out().contains("\"rule\":\"default\",\"iface\":null,\"mark\":null"), x.out());
        Run r = run(
                "eval",
                example("dscp_marking.route").toString(),
                "--packet",
                "tcp 192.0.2.1:5 -> 192.0.2.2:80 vlan 66",
                "--json");
        assertTrue(r.out().startsWith("{\"verdict\":\"redirect\",\"rule\":\"quarantine\",\"iface\":\"fw0\""), r.out());
    }

    @Test
    void evalOfABadPacketIsAnInputErrorWithACaret() {
        Run r = run("eval", example("lb.route").toString(), "--packet", "tcp 1.2.3.4:1 -> 1.2.3.999:2");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--packet:1:18: error: invalid IPv4 address `1.2.3.999`"), r.err());
        assertTrue(r.err().contains("^^^^^^^^^"), r.err());
    }

    @Test
    void evalOfACorruptCaptureIsAnInputError() throws IOException {
        Path f = tmp.resolve("bad.pcap");
        Files.write(f, new byte[] {1, 2, 3});
        Run r = run("eval", example("lb.route").toString(), "--pcap", f.toString(), "--json");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("routec: "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
