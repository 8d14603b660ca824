package dev.routec.tests.diff;

import dev.routec.compiler.ast.Policy.Hook;
import dev.routec.compiler.packet.Frame;
import dev.routec.compiler.packet.PacketSpec;
import dev.routec.testkit.Notation;
import dev.routec.testkit.PolicyUnderTest;
import dev.routec.tests.KernelAvailable;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every disagreement the differential suite found, shrunk, kept as a fixture in
 * src/test/resources/regressions: a {@code .route} file whose one policy must compile and load, and
 * whose {@code # run HOOK: PACKET} and {@code # run HOOK hex: BYTES [iif NAME] [mark N]} lines run in
 * order on one state ({@code # reset} starts afresh, {@code # given X} changes runtime contents as
 * {@code given X} in a test block, {@code # clock N} makes later packets arrive at N ns) through the kernel and the interpreter, which must agree on
 * everything.
 */
@KernelAvailable
class RegressionTest {
    private static final Pattern RUN = Pattern.compile("#\\s*run\\s+(xdp|tc ingress|tc egress)(?:\\s+hex)?:\\s*(.*)");
    private static final Pattern HEX = Pattern.compile("([0-9a-f]*)(?:\\s+iif\\s+(\\S+))?(?:\\s+mark\\s+(\\d+))?");

    static Stream<Named<Path>> fixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(RegressionTest.class.getResource("/regressions").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files =
                    s.filter(p -> p.toString().endsWith(".route")).sorted().toList();
            return files.stream().map(p -> Named.of(p.getFileName().toString(), p));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void theKernelAgreesWithTheInterpreter(Path file) throws IOException {
        try (PolicyUnderTest put = PolicyUnderTest.compile(file)) {
            int runs = 0;
            for (String line : Files.readAllLines(file)) {
                String l = line.strip();
                if (l.equals("# reset")) put.reset();
                if (l.startsWith("# given ")) put.given(l.substring("# given ".length()));
                if (l.startsWith("# clock ")) put.setClock(Long.parseLong(l.substring("# clock ".length())));
                Matcher m = RUN.matcher(l);
                if (!m.matches()) continue;
                Hook hook = Arrays.stream(Hook.values())
                        .filter(h -> h.text.equals(m.group(1)))
                        .findFirst()
                        .orElseThrow();
                put.run(l.contains(" hex:") ? hex(m.group(2)) : Notation.frame(m.group(2)), hook);
                runs++;
            }
            if (runs == 0) throw new AssertionError(file + " has no `# run` line");
        }
    }

    static Frame hex(String text) {
        Matcher m = HEX.matcher(text.strip());
        if (!m.matches()) throw new IllegalArgumentException("bad hex run: " + text);
        String iif = m.group(2) != null ? m.group(2) : PacketSpec.DEFAULT_IIF;
        long mark = m.group(3) != null ? Long.parseLong(m.group(3)) : 0;
        return new Frame(HexFormat.of().parseHex(m.group(1)), iif, mark);
    }
}
