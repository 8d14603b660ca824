package dev.routec.compiler.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;

import dev.routec.compiler.ast.PolicyFile;
import dev.routec.compiler.diag.Corpus;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.diag.Renderer;
import dev.routec.compiler.source.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PolicyPrinter}: print → parse → print is a fixed point, and parsing the printed text
 * gives the same AST modulo positions — for random policies covering every construct and for
 * every policy file of the repository.
 */
class PolicyPrinterTest {
    static PolicyFile parse(String text) {
        Diagnostics d = new Diagnostics();
        return Parser.parseFile(new SourceFile("printed.route", text), d)
                .orElseGet(() -> fail("printed text does not parse:\n" + text + "\n"
                        + d.sorted().stream().map(Renderer::render).collect(Collectors.joining())));
    }

    /** Both halves of the round-trip property. */
    static void assertRoundTrips(PolicyFile ast) {
        String printed = PolicyPrinter.print(ast);
        PolicyFile back = parse(printed);
        assertNull(AstEquality.diff(ast, back), "parse(print(ast)) differs from ast:\n" + printed);
        assertEquals(printed, PolicyPrinter.print(back), "print is not a fixed point");
    }

    @Test
    void randomPoliciesRoundTrip() {
        qt().withFixedSeed(0x5eed_0001L)
                .withExamples(600)
                .forAll(PolicyGen.files())
                .checkAssert(PolicyPrinterTest::assertRoundTrips);
    }

    static Stream<Named<Path>> repositoryFiles() throws Exception {
        List<Path> all = new ArrayList<>(Corpus.files("syntax/ok"));
        all.addAll(Corpus.files("diagnostics"));
        Path examples = Corpus.resources().resolve("../../../../examples").normalize();
        try (Stream<Path> s = Files.list(examples)) {
            s.filter(p -> p.toString().endsWith(".route")).sorted().forEach(all::add);
        }
        return all.stream().map(p -> Named.of(p.getParent().getFileName() + "/" + p.getFileName(), p));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repositoryFiles")
    void repositoryFilesRoundTrip(Path file) {
        Diagnostics d = new Diagnostics();
        PolicyFile ast = Parser.parseFile(new SourceFile(file.toString(), Corpus.read(file)), d)
                .orElseThrow();
        assertRoundTrips(ast);
    }

    @Test
    void printsTheCanonicalLayout() {
        String src = """
                policy p { rule r when not (tcp or udp) and dport in {1, 2..3} do set mark = mark & 0xff, pass
                default drop attach xdp on "eth0" const c = [2001:db8::1]
                map m : ipv6 -> u8 = {2001:db8::1: 5}  pool q : ipv4:port = {10.0.0.1:80}
                test "t" { given q = {10.0.0.2:81} tcp [::1]:1 -> [::2]:2 flags syn,ack ttl 3 => redirect "x" by r, rule == default }
                property "q" { forall any where (not tcp) == udp => verdict == drop } }""";
        assertEquals("""
                policy p {
                  attach xdp on "eth0"
                  const c = 2001:db8::1
                  map m : ipv6 -> u8 = {[2001:db8::1]: 5}
                  pool q : ipv4:port = {10.0.0.1:80}
                  rule r when not (tcp or udp) and dport in {1, 2..3} do set mark = mark & 0xff, pass
                  default drop
                  test "t" {
                    given q = {10.0.0.2:81}
                    tcp [::1]:1 -> [::2]:2 flags syn,ack ttl 3 => redirect "x" by r, rule == default
                  }
                  property "q" {
                    forall any where (not tcp) == udp => verdict == drop
                  }
                }
                """, PolicyPrinter.print(parse(src)));
    }
}
