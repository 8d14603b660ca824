package dev.routec.compiler.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.routec.compiler.diag.Corpus;
import dev.routec.grammar.RouteLexer;
import dev.routec.grammar.RouteParser;
import dev.routec.grammar.RouteParser.*;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code syntax/ok} complete: together its files use every labelled alternative of the
 * grammar, every token, every keyword at every choice point (each field word, each comparison
 * operator, each `per`...) and both comment styles. A construct added to the grammar fails this
 * test until the corpus shows it.
 */
class GrammarCoverageTest {
    /** Rules whose alternatives are single tokens: every token of their first set must be seen. */
    private static final List<Integer> TOKEN_RULES = List.of(
            RouteParser.RULE_fieldWord,
            RouteParser.RULE_verdictWord,
            RouteParser.RULE_typeWord,
            RouteParser.RULE_packetClass,
            RouteParser.RULE_ruleRef,
            RouteParser.RULE_number);

    /** Choice points inside labelled alternatives, with the tokens each must be seen with. */
    private static final Map<Class<?>, Set<Integer>> CHOICES = Map.of(
            NatActionContext.class, Set.of(RouteParser.DNAT, RouteParser.SNAT),
            SetFieldActionContext.class, Set.of(RouteParser.MARK, RouteParser.DSCP, RouteParser.TTL),
            LimitActionContext.class, Set.of(RouteParser.SRC, RouteParser.DST, RouteParser.FLOW),
            TcHookContext.class, Set.of(RouteParser.INGRESS, RouteParser.EGRESS),
            CompareExprContext.class,
                    Set.of(
                            RouteParser.EQ,
                            RouteParser.NE,
                            RouteParser.LT,
                            RouteParser.LE,
                            RouteParser.GT,
                            RouteParser.GE),
            PortL3Context.class, Set.of(RouteParser.TCP, RouteParser.UDP, RouteParser.SCTP),
            IcmpL3Context.class, Set.of(RouteParser.ICMP, RouteParser.ICMP6),
            FragOptionContext.class, Set.of(RouteParser.FIRST, RouteParser.LATER),
            SetGivenContext.class, Set.of(RouteParser.PLUSEQ, RouteParser.MINUSEQ, RouteParser.ASSIGN),
            AddressContext.class, Set.of(RouteParser.IPV4_LIT, RouteParser.IPV6_LIT, RouteParser.LBRACK));

    private static final Set<Class<?>> contexts = new HashSet<>();
    private static final Set<Integer> tokens = new HashSet<>();
    private static final Map<Class<?>, Set<Integer>> children = new HashMap<>();
    private static final StringBuilder allText = new StringBuilder();

    @BeforeAll
    static void parseCorpus() {
        for (Path p : Corpus.files("syntax/ok")) {
            String text = Corpus.read(p);
            allText.append(text).append('\n');
            RouteLexer lexer = new RouteLexer(CharStreams.fromString(text));
            lexer.removeErrorListeners();
            RouteParser parser = new RouteParser(new CommonTokenStream(lexer));
            parser.removeErrorListeners();
            walk(parser.file());
            assertEquals(0, parser.getNumberOfSyntaxErrors(), p.toString());
        }
    }

    private static void walk(ParseTree root) {
        Deque<ParseTree> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            ParseTree t = todo.pop();
            if (t instanceof TerminalNode n) {
                tokens.add(n.getSymbol().getType());
                children.computeIfAbsent(t.getParent().getClass(), k -> new HashSet<>())
                        .add(n.getSymbol().getType());
                continue;
            }
            contexts.add(t.getClass());
            for (int i = 0; i < t.getChildCount(); i++) todo.push(t.getChild(i));
        }
    }

    @Test
    void everyLabelledAlternativeIsUsed() {
        List<Class<?>> all = Arrays.stream(RouteParser.class.getDeclaredClasses())
                .filter(ParserRuleContext.class::isAssignableFrom)
                .toList();
        Set<String> missing = all.stream()
                .filter(c -> all.stream().noneMatch(o -> o.getSuperclass() == c)) // leaves: alternatives
                .filter(c -> c != PacketOnlyContext.class && c != ExprOnlyContext.class) // other start rules
                .filter(c -> !contexts.contains(c))
                .map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), missing, "alternatives no file of syntax/ok uses");
    }

    @Test
    void everyTokenIsUsed() {
        Set<Integer> notInFiles =
                Set.of(RouteLexer.ERROR_CHAR, RouteLexer.UNTERMINATED_STRING, RouteLexer.LINE_COMMENT, RouteLexer.WS);
        Set<String> missing = new TreeSet<>();
        for (int t = 1; t <= RouteLexer.VOCABULARY.getMaxTokenType(); t++)
            if (!notInFiles.contains(t) && !tokens.contains(t)) missing.add(RouteLexer.VOCABULARY.getSymbolicName(t));
        assertEquals(Set.of(), missing, "tokens no file of syntax/ok uses");
    }

    @Test
    void everyTokenOfEveryChoiceIsUsed() {
        RouteParser parser = new RouteParser(new CommonTokenStream(new RouteLexer(CharStreams.fromString(""))));
        Map<String, Set<String>> missing = new HashMap<>();
        for (int rule : TOKEN_RULES) {
            Class<?> ctx = contextOf(rule);
            Set<Integer> want = new HashSet<>(parser.getATN()
                    .nextTokens(parser.getATN().ruleToStartState[rule])
                    .toList());
            // bare `ttl`/`dscp` parse as field words only to be reported as unknown fields (did you mean `ip.ttl`?)
            if (rule == RouteParser.RULE_fieldWord) want.removeAll(Set.of(RouteParser.TTL, RouteParser.DSCP));
            note(missing, ctx, want);
        }
        CHOICES.forEach((ctx, want) -> note(missing, ctx, want));
        assertEquals(Map.of(), missing, "tokens never seen at these choice points in syntax/ok");
    }

    private static void note(Map<String, Set<String>> missing, Class<?> ctx, Set<Integer> want) {
        Set<String> m = want.stream()
                .filter(t -> !children.getOrDefault(ctx, Set.of()).contains(t))
                .map(RouteLexer.VOCABULARY::getSymbolicName)
                .collect(Collectors.toCollection(TreeSet::new));
        if (!m.isEmpty()) missing.put(ctx.getSimpleName(), m);
    }

    private static Class<?> contextOf(int rule) {
        String name = RouteParser.ruleNames[rule];
        String cls = Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Context";
        return Arrays.stream(RouteParser.class.getDeclaredClasses())
                .filter(c -> c.getSimpleName().equals(cls))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void bothCommentStylesAreUsed() {
        String text = allText.toString();
        assertTrue(text.lines().anyMatch(l -> l.strip().startsWith("#")), "a line comment with #");
        assertTrue(text.lines().anyMatch(l -> l.strip().startsWith("//")), "a line comment with //");
        assertTrue(text.lines().anyMatch(l -> l.matches(".*\\S.*\\s#.*")), "a trailing # comment");
        assertTrue(text.lines().anyMatch(l -> l.matches(".*\\S.*\\s//.*")), "a trailing // comment");
        assertTrue(
                !text.isEmpty()
                        && Corpus.files("syntax/ok").stream()
                                .anyMatch(p -> !Corpus.read(p).endsWith("\n")),
                "a file ending without a newline");
    }
}
