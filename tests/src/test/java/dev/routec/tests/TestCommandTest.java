package dev.routec.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.cli.Main;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code routec test}: LANGUAGE.md §6 and §8, the output contract and exit codes. */
class TestCommandTest {
    /** The engines routec test runs here: the kernel joins the interpreter wherever BPF works. */
    static final boolean KERNEL = dev.routec.runtime.Bpf.kernelAvailable().isEmpty();

    static final String ENGINES = KERNEL ? "interpreter, kernel" : "interpreter";
    static final String ENGINES_JSON = KERNEL ? "[\"interpreter\",\"kernel\"]" : "[\"interpreter\"]";

    record Run(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        String last() {
            List<String> l = lines();
            return l.get(l.size() - 1);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static final String EDGE = """
            policy edge {
              attach tc ingress on "lan0"
              const vip       = 10.0.0.100
              const web_ports = {80, 443, 8000..8099}
              set  blocked   : prefix4 capacity 100 = {203.0.113.0/24}
              pool web       : ipv4 capacity 16 = {10.0.1.11, 10.0.1.12}
              rule drop_blocked when src in blocked                            do drop
              rule lb_web       when dst == vip and tcp and dport in web_ports do dnat to web, pass
              default pass
            %s
            }
            """;

    @TempDir
    Path tmp;

    Path file(String name, String blocks) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, EDGE.formatted(blocks));
        return f;
    }

    @Test
    void everyExamplePasses() throws IOException {
        List<String> args = new ArrayList<>(List.of("test", "--tries", "500"));
        Path dir = Path.of(System.getProperty("routec.root", "..")).resolve("examples");
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.toString().endsWith(".route")).sorted().forEach(f -> args.add(f.toString()));
        }
        assertTrue(args.size() >= 9, args.toString());
        Run r = run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.out() + r.err());
        long ok = r.lines().stream().filter(l -> l.startsWith("ok    ")).count();
        assertTrue(ok >= 15, r.out());
        assertEquals(ok + " passed, 0 failed", r.last());
        assertTrue(r.lines().get(0).startsWith("routec test: seed "), r.out());
        assertTrue(r.out().contains("ok    edge / the VIP never leaves untranslated  (interpreter"), r.out());
    }

    @Test
    void aWrongExpectationFailsWithRightCountsAndExitOne() throws IOException {
        Path f = file("wrong.route", """
                  test "right" {
                    tcp 203.0.113.9:1234 -> 10.0.0.100:80    => drop by drop_blocked
                  }
                  test "wrong" {
                    tcp 203.0.113.9:1234 -> 10.0.0.100:80    => pass by lb_web
                  }
                  property "true" { forall tcp where dst == vip and not src in blocked => verdict == pass }
                """);
        Run r = run("test", "--seed", "1", f.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals("2 passed, 1 failed", r.last());
        assertTrue(r.out().contains("ok    edge / right  (" + ENGINES + ")\n"), r.out());
        assertTrue(r.out().contains("FAIL  edge / wrong  (" + ENGINES + ")\n"), r.out());
        assertTrue(r.out().contains(f + ":14:5:  tcp 203.0.113.9:1234 -> 10.0.0.100:80\n"), r.out());
        assertTrue(
                r.out().contains("        expected: pass by lb_web\n        actual:   drop by drop_blocked\n"),
                r.out());
        assertTrue(r.out().contains("ok    edge / true  (" + ENGINES + ")\n"), r.out());
    }

    static final String FALSE_PROPERTY = """
              property "vip traffic is never dropped" {
                forall tcp where dst == vip => verdict == pass
              }
            """;

    /** The counterexample line of a failed property: the line after "counterexample …:". */
    static String counterexample(Run r) {
        List<String> l = r.lines();
        for (int i = 0; i < l.size() - 1; i++)
            if (l.get(i).trim().startsWith("counterexample"))
                return l.get(i + 1).trim();
        throw new AssertionError("no counterexample in\n" + r.out());
    }

    @Test
    void aFalsePropertyFailsWithAShrunkCounterexampleThatParsesAndStillFails() throws IOException {
        Path f = file("false.route", FALSE_PROPERTY);
        Run r = run("test", "--seed", "12345", f.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals("0 passed, 1 failed", r.last());
        assertTrue(r.out().contains("FAIL  edge / vip traffic is never dropped  (" + ENGINES + ")"), r.out());
        assertTrue(r.out().contains("(seed 12345)"), r.out());
        assertTrue(r.out().contains("check failed: verdict == pass (verdict = drop)"), r.out());
        assertTrue(r.out().contains("replay: routec test --seed 12345 " + f), r.out());
        String packet = counterexample(r);
        assertEquals("tcp 203.0.113.0:0 -> 10.0.0.100:0", packet);

        Diagnostics d = new Diagnostics();
        assertTrue(
                Frontend.packet(new SourceFile("counterexample", packet), d).isPresent(),
                d.all().toString());
        assertFalse(d.hasErrors());

        Path pasted = file("pasted.route", "  test \"regression\" {\n    " + packet + " => pass\n  }\n");
        Run p = run("test", pasted.toString());
        assertEquals(1, p.code(), p.out() + p.err());
        assertEquals("0 passed, 1 failed", p.last());
        assertTrue(p.out().contains("actual:   drop by drop_blocked"), p.out());
    }

    @Test
    void theSeedReplaysTheSameCounterexample() throws IOException {
        Path f = file("any.route", """
                  property "nothing is dropped" { forall any => verdict == pass }
                """);
        for (String seed : List.of("7", "8", "123456789")) {
            Run a = run("test", "--seed", seed, f.toString()), b = run("test", "--seed", seed, f.toString());
            assertEquals(a.out(), b.out());
            assertEquals(1, a.code());
        }
        Run j1 = run("test", "--json", "--seed", "99", f.toString()),
                j2 = run("test", "--json", "--seed", "99", f.toString());
        assertEquals(j1.out(), j2.out());
        assertTrue(j1.out().contains("\"counterexample\":\""), j1.out());
    }

    @Test
    void jsonIsOneDocumentWithCounts() throws IOException {
        Path f = file("j.route", """
                  test "right" { tcp 203.0.113.9:1234 -> 10.0.0.100:80 => drop by drop_blocked }
                """ + FALSE_PROPERTY);
        Run r = run("test", "--json", "--seed", "3", "--tries", "200", f.toString());
        assertEquals(1, r.code(), r.err());
        String json = r.out().trim();
        assertEquals(1, r.out().lines().count(), r.out());
        JsonCheck.validate(json);
        assertTrue(json.startsWith("{\"seed\":3,\"tries\":200,\"engines\":" + ENGINES_JSON + ","), json);
        assertTrue(json.endsWith(",\"passed\":1,\"failed\":1}"), json);
        assertTrue(
                json.contains("\"kind\":\"property\",\"policy\":\"edge\",\"name\":\"vip traffic is never dropped\""),
                json);
        assertTrue(json.contains("\"counterexample\":\"tcp 203.0.113.0:0 -> 10.0.0.100:0\""), json);
        assertTrue(json.contains("\"results\":{\"interpreter\":{\"verdict\":\"drop\",\"rule\":\"drop_blocked\""), json);
    }

    @Test
    void aPropertyThatRejectsEveryDrawGivesUp() throws IOException {
        Path f = file("giveup.route", """
                  property "never" { forall udp where tcp => verdict == pass }
                """);
        Run r = run("test", "--tries", "20", "--seed", "1", f.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("gave up after 200 draws: only 0 satisfied `where` (20 needed)"), r.out());
        assertTrue(r.out().contains("help: "), r.out());
        assertEquals("0 passed, 1 failed", r.last());
    }

    @Test
    void aFileThatDoesNotCheckIsOneFailureAndTheOthersStillRun() throws IOException {
        Path bad = tmp.resolve("bad.route");
        Files.writeString(bad, "policy p { rule r when dprot == 1 do drop }\n");
        Path good = file("good.route", """
                  test "right" { tcp 203.0.113.9:1234 -> 10.0.0.100:80 => drop by drop_blocked }
                """);
        Run r = run("test", bad.toString(), good.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("error: "), r.err());
        assertTrue(r.out().contains("FAIL  " + bad + "  (does not check: 1 error, 0 warnings)"), r.out());
        assertEquals("1 passed, 1 failed", r.last());
    }

    @Test
    void usageAndInputErrors() throws IOException {
        Path good = file("good.route", "");
        assertEquals(2, run("test", "--tries", "0", good.toString()).code());
        assertEquals(2, run("test").code());
        assertEquals(1, run("test", tmp.resolve("missing.route").toString()).code());
        Run none = run("test", good.toString());
        assertEquals(0, none.code());
        assertEquals("0 passed, 0 failed", none.last());
        assertTrue(none.err().contains("has no test or property"), none.err());
    }
}
