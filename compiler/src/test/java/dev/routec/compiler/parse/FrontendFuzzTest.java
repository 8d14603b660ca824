package dev.routec.compiler.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.routec.compiler.ast.PolicyFile;
import dev.routec.compiler.diag.Corpus;
import dev.routec.compiler.diag.Diagnostic;
import dev.routec.compiler.diag.Renderer;
import dev.routec.compiler.pipeline.Frontend;
import dev.routec.compiler.source.SourceFile;
import dev.routec.compiler.source.Span;
import dev.routec.grammar.RouteLexer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bounded fuzzing of the front end: random token soup and mutations (character flips, deletions,
 * duplications, token swaps and insertions) of every repository policy. For each input
 * {@code Frontend.check} returns — no exception, no hang (each batch runs under a preemptive
 * timeout) — every diagnostic lies within the input and renders, errors and results agree, and a
 * file that parses survives a print/parse round trip. Fixed seed and 20k inputs by default;
 * {@code -Droutec.long=true} runs 400k ({@code -Droutec.fuzz.seed=N} picks another seed).
 */
class FrontendFuzzTest {
    private static final boolean LONG = Boolean.getBoolean("routec.long");
    private static final int INPUTS = LONG ? 400_000 : 20_000;
    private static final int BATCH = 500;
    private static final Pattern TOKEN = Pattern.compile("\"[^\"\\n]*\"|[\\w.:/]+|->|=>|==|!=|<=|>=|\\.\\.|\\S");

    private static final List<String> seeds = new ArrayList<>();
    /** Inputs that reached the checker, and those it accepted: the fuzzing must get that far. */
    private static final java.util.concurrent.atomic.AtomicInteger
            parsed = new java.util.concurrent.atomic.AtomicInteger(),
            clean = new java.util.concurrent.atomic.AtomicInteger();

    private static final List<String> words = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        Path examples = Corpus.resources().resolve("../../../../examples").normalize();
        try (Stream<Path> s = Files.list(examples)) {
            s.filter(p -> p.toString().endsWith(".route")).sorted().forEach(p -> seeds.add(Corpus.read(p)));
        }
        Corpus.files("syntax/ok").forEach(p -> seeds.add(Corpus.read(p)));
        assertFalse(seeds.isEmpty());
        for (int t = 1; t <= RouteLexer.VOCABULARY.getMaxTokenType(); t++) {
            String lit = RouteLexer.VOCABULARY.getLiteralName(t);
            if (lit != null) words.add(lit.substring(1, lit.length() - 1));
        }
        words.addAll(List.of(
                "x",
                "web",
                "sport",
                "ip.src",
                "tcp.syn",
                "0",
                "80",
                "0x50",
                "70000",
                "18446744073709551616",
                "10.0.0.1",
                "256.0.0.1",
                "10.0.0.0/8",
                "10.0.0.1/8",
                "::",
                "2001:db8::1",
                "1::2::3",
                "12345::",
                "::ffff:192.0.2.1",
                "2001:db8::/32",
                "02:00:00:00:00:01",
                "\"lan0\"",
                "\"\"",
                "\"unterminated",
                "#",
                "//",
                "\n",
                "$",
                ";",
                "{",
                "}",
                "(",
                ")"));
    }

    @Test
    void frontEndSurvivesRandomInput() {
        long seed = Long.getLong("routec.fuzz.seed", 0x5eed_0004L);
        Random rnd = new Random(seed);
        for (int done = 0; done < INPUTS; done += BATCH) {
            List<String> batch =
                    IntStream.range(0, BATCH).mapToObj(i -> input(rnd)).toList();
            int first = done;
            assertTimeoutPreemptively(
                    Duration.ofSeconds(LONG ? 120 : 30),
                    () -> batch.forEach(FrontendFuzzTest::checkOne),
                    () -> "batch from input " + first + " (seed " + seed + ") did not finish");
        }
        assertTrue(parsed.get() > INPUTS / 10, "only " + parsed + " of " + INPUTS + " inputs reached the checker");
        assertTrue(clean.get() > INPUTS / 100, "only " + clean + " of " + INPUTS + " inputs checked cleanly");
    }

    private static String input(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> soup(rnd);
            default -> mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
        };
    }

    private static String soup(Random rnd) {
        StringBuilder sb = new StringBuilder(rnd.nextBoolean() ? "policy p { " : "");
        for (int i = rnd.nextInt(80); i > 0; i--)
            sb.append(words.get(rnd.nextInt(words.size()))).append(' ');
        return sb.append(rnd.nextBoolean() ? "}" : "").toString();
    }

    private static String mutate(String text, Random rnd) {
        StringBuilder sb = new StringBuilder(text);
        int n = rnd.nextInt(3) == 0 ? 2 + rnd.nextInt(3) : 1;
        for (; n > 0 && !sb.isEmpty(); n--) {
            int at = rnd.nextInt(sb.length());
            int end = Math.min(sb.length(), at + 1 + rnd.nextInt(24));
            switch (rnd.nextInt(10)) {
                case 0 -> sb.setCharAt(at, (char) (rnd.nextInt(4) == 0 ? rnd.nextInt(0x3000) : 32 + rnd.nextInt(95)));
                case 1 -> sb.delete(at, end);
                case 2 -> sb.insert(rnd.nextInt(sb.length() + 1), sb.substring(at, end));
                case 3 -> swapTokens(sb, rnd);
                case 4 -> sb.insert(at, " " + words.get(rnd.nextInt(words.size())) + " ");
                case 5 -> sb.setCharAt(at, (char) (sb.charAt(at) ^ (1 << rnd.nextInt(7))));
                default -> replaceToken(sb, rnd);
            }
        }
        return sb.toString();
    }

    /** Kinds of token with values to put in their place: mostly keeps the syntax, changes the meaning. */
    private static final List<List<String>> LIKE = List.of(
            List.of(
                    "0",
                    "1",
                    "53",
                    "80",
                    "255",
                    "256",
                    "65535",
                    "65536",
                    "0xffffffff",
                    "4294967296",
                    "0x0",
                    "16777216",
                    "18446744073709551615",
                    "18446744073709551616"),
            List.of("10.0.0.1", "0.0.0.0", "255.255.255.255", "256.1.1.1", "10.0.0.01", "192.0.2.1"),
            List.of(
                    "10.0.0.0/8",
                    "10.0.0.1/8",
                    "0.0.0.0/0",
                    "10.0.0.0/33",
                    "2001:db8::/32",
                    "::/0",
                    "2001:db8::1/64",
                    "::/129"),
            List.of("::", "::1", "2001:db8::1", "1::2::3", "12345::", "::ffff:192.0.2.1", "fe80::1", "1:2:3:4:5:6:7"),
            List.of("02:00:00:00:00:01", "ff:ff:ff:ff:ff:ff", "02:00:00:00:00:0g", "2:0:0:0:0:1"),
            List.of("\"lan0\"", "\"\"", "\"abcdefghijklmnop\"", "\"a b\"", "\"x\"", "\"first\""),
            List.of(
                    "src", "dst", "sport", "dport", "mark", "len", "iif", "proto", "tcp", "udp", "icmp", "icmp6",
                    "ipv4", "ipv6", "arp", "ip.src", "ip6.dst", "ip.ttl", "tcp.syn", "eth.src", "vlan.id", "verdict",
                    "rule", "default", "pass", "drop", "route", "x"));

    private static final List<Pattern> KIND = List.of(
            Pattern.compile("0[xX][0-9a-fA-F]+|\\d+"),
            Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+"),
            Pattern.compile("[0-9a-fA-F:.]+/\\d+"),
            Pattern.compile("[0-9a-fA-F:.]*::[0-9a-fA-F:.]*|([0-9a-fA-F]+:){6,}[0-9a-fA-F.]+"),
            Pattern.compile("(\\w+:){5}\\w+"),
            Pattern.compile("\"[^\"]*\""),
            Pattern.compile("[A-Za-z_]\\w*(\\.\\w+)?"));

    /** Replaces one token with another of its kind: an identifier of the same file, or a literal. */
    private static void replaceToken(StringBuilder sb, Random rnd) {
        List<int[]> toks = new ArrayList<>();
        Matcher m = TOKEN.matcher(sb);
        while (m.find()) toks.add(new int[] {m.start(), m.end()});
        if (toks.isEmpty()) return;
        int[] t = toks.get(rnd.nextInt(toks.size()));
        String text = sb.substring(t[0], t[1]);
        for (int k = 0; k < KIND.size(); k++) {
            if (!KIND.get(k).matcher(text).matches()) continue;
            String with = k == KIND.size() - 1 && rnd.nextBoolean()
                    ? sameFile(sb, toks, rnd)
                    : LIKE.get(k).get(rnd.nextInt(LIKE.get(k).size()));
            sb.replace(t[0], t[1], with);
            return;
        }
    }

    private static String sameFile(StringBuilder sb, List<int[]> toks, Random rnd) {
        for (int tries = 0; tries < 20; tries++) {
            int[] t = toks.get(rnd.nextInt(toks.size()));
            String w = sb.substring(t[0], t[1]);
            if (w.matches("[A-Za-z_]\\w*")) return w;
        }
        return "x";
    }

    private static void swapTokens(StringBuilder sb, Random rnd) {
        List<int[]> toks = new ArrayList<>();
        Matcher m = TOKEN.matcher(sb);
        while (m.find()) toks.add(new int[] {m.start(), m.end()});
        if (toks.size() < 2) return;
        int i = rnd.nextInt(toks.size()), j = rnd.nextInt(toks.size());
        int[] a = toks.get(Math.min(i, j)), b = toks.get(Math.max(i, j));
        if (a == b) return;
        String ta = sb.substring(a[0], a[1]), tb = sb.substring(b[0], b[1]);
        sb.replace(b[0], b[1], ta).replace(a[0], a[1], tb);
    }

    static void checkOne(String text) {
        SourceFile src = new SourceFile("fuzz.route", text);
        Frontend.Result r;
        try {
            r = Frontend.check(src);
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("Frontend.check threw on:\n" + text, e);
        }
        List<Diagnostic> all = r.diags().sorted();
        for (Diagnostic d : all) {
            inFile(d.span(), src, d, text);
            for (Diagnostic.Label l : d.labels()) inFile(l.span(), src, d, text);
            assertFalse(d.message().isBlank(), text);
            Renderer.render(d);
        }
        boolean errors = all.stream().anyMatch(Diagnostic::isError);
        assertEquals(!errors, r.ok());
        if (r.ast().isEmpty()) {
            assertTrue(errors, () -> "no AST and no error for:\n" + text);
            return;
        }
        parsed.incrementAndGet();
        if (!errors) {
            clean.incrementAndGet();
            assertEquals(r.ast().get().policies().size(), r.policies().size(), text);
        }
        roundTrip(r.ast().get(), text);
    }

    private static void inFile(Span s, SourceFile src, Diagnostic d, String text) {
        if (s.file() != src || s.start() < 0 || s.end() > text.length() || s.start() > s.end())
            fail("span " + s.start() + ".." + s.end() + " of `" + d.message() + "` is outside the input ("
                    + text.length() + " chars, file " + s.file().name() + "):\n" + text);
    }

    private static void roundTrip(PolicyFile ast, String text) {
        try {
            PolicyPrinterTest.assertRoundTrips(ast);
        } catch (AssertionError e) {
            throw new AssertionError("print/parse round trip failed for input:\n" + text, e);
        }
    }
}
