package dev.routec.compiler.parse;

import dev.routec.compiler.diag.Code;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.source.SourceFile;
import dev.routec.compiler.source.Span;
import dev.routec.grammar.RouteLexer;
import dev.routec.grammar.RouteParser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

/** Turns ANTLR's syntax errors into diagnostics with a readable "expected ..." list. */
final class SyntaxErrors extends BaseErrorListener {
    private static final int MAX_LISTED = 10;
    /** Habits from other languages, and what to write instead. */
    private static final Map<String, String> CHAR_HELP = Map.of(
            ";", "items and actions need no `;`: remove it",
            "!", "write `not` for negation, or `!=` for inequality",
            "|", "write `or`",
            "'", "strings are written in double quotes: \"lan0\"");
    /** Rules whose first tokens are listed by name, widest first. */
    private static final Map<Integer, String> GROUPS = groups();

    private final SourceFile src;
    private final Diagnostics diags;
    private int count;

    private static Map<Integer, String> groups() {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(RouteParser.RULE_expr, "an expression");
        m.put(RouteParser.RULE_action, "an action");
        m.put(RouteParser.RULE_packet, "a packet");
        m.put(RouteParser.RULE_value, "a value");
        return m;
    }

    SyntaxErrors(SourceFile src, Diagnostics diags) {
        this.src = src;
        this.diags = diags;
    }

    int count() {
        return count;
    }

    @Override
    public void syntaxError(
            Recognizer<?, ?> recognizer, Object offending, int line, int col, String msg, RecognitionException e) {
        count++;
        if (!(offending instanceof Token tok) || tok.getStartIndex() < 0) {
            int off = offset(line, col);
            diags.error(
                            Code.BAD_CHARACTER,
                            src.span(off, Math.min(off + 1, src.text().length())),
                            "unexpected input")
                    .emit();
            return;
        }
        Span span = tokenSpan(tok);
        if (tok.getType() == RouteLexer.ERROR_CHAR) {
            Diagnostics.Builder b =
                    diags.error(Code.BAD_CHARACTER, span, "unexpected character `" + tok.getText() + "`");
            Optional.ofNullable(CHAR_HELP.get(tok.getText())).ifPresent(b::help);
            b.emit();
            return;
        }
        if (tok.getType() == RouteLexer.UNTERMINATED_STRING) {
            diags.error(Code.UNTERMINATED_STRING, span, "unterminated string")
                    .help("close the string with `\"` on the same line")
                    .emit();
            return;
        }
        Diagnostics.Builder b = diags.error(Code.SYNTAX, span, "unexpected " + describe(tok));
        if (recognizer instanceof Parser p && !predictionFailedLater(e)) {
            IntervalSet expected = e != null ? e.getExpectedTokens() : p.getExpectedTokens();
            String list = expectedList(expected, p);
            if (!list.isEmpty()) b.help("expected " + list);
        }
        b.emit();
    }

    /**
     * A "no viable alternative" found past the token where the decision began (`{1,,2}` fails at the
     * second comma) carries the expected tokens of that first token, which would read as nonsense
     * ("unexpected `,`; expected `,` or `}`"), so no list is given then.
     */
    private static boolean predictionFailedLater(RecognitionException e) {
        return e instanceof NoViableAltException nv
                && nv.getStartToken().getTokenIndex() != nv.getOffendingToken().getTokenIndex();
    }

    private int offset(int line, int col) {
        int off = 0;
        for (int l = 1; l < line && off < src.text().length(); off++)
            if (src.text().charAt(off) == '\n') l++;
        return Math.min(src.text().length(), off + col);
    }

    private Span tokenSpan(Token tok) {
        if (tok.getType() == Token.EOF) {
            int end = src.text().length();
            return src.span(end, end);
        }
        return src.span(tok.getStartIndex(), tok.getStopIndex() + 1);
    }

    private static String describe(Token tok) {
        if (tok.getType() == Token.EOF) return "end of input";
        String t = tok.getText();
        if (tok.getType() == RouteLexer.IDENT) return "name `" + t + "`";
        if (Character.isLetter(t.charAt(0)) && t.matches("[a-z0-9]+")) return "keyword `" + t + "`";
        return "`" + t + "`";
    }

    /**
     * The expected tokens, readable: a set that holds every token that can start an expression (or
     * an action, a value, a packet) is named as such; punctuation comes first, so a missing `}` or
     * `)` is never lost behind the cut-off.
     */
    private static String expectedList(IntervalSet set, Parser p) {
        IntervalSet rest = new IntervalSet(set);
        List<String> groups = new ArrayList<>();
        for (Map.Entry<Integer, String> g : GROUPS.entrySet()) {
            IntervalSet first = p.getATN().nextTokens(p.getATN().ruleToStartState[g.getKey()]);
            if (first.and(rest).size() == first.size()) {
                groups.add(g.getValue());
                rest = rest.subtract(first);
            }
        }
        List<String> names = new ArrayList<>();
        for (int t : rest.toList()) {
            if (t == RouteLexer.ERROR_CHAR || t == RouteLexer.UNTERMINATED_STRING) continue;
            names.add(tokenName(t, p.getVocabulary()));
        }
        names = new ArrayList<>(names.stream()
                .distinct()
                .sorted(Comparator.comparing(SyntaxErrors::rank).thenComparing(n -> n))
                .toList());
        names.addAll(groups);
        if (names.isEmpty()) return "";
        if (names.size() > MAX_LISTED) {
            return String.join(", ", names.subList(0, MAX_LISTED)) + ", ...";
        }
        if (names.size() == 1) return names.get(0);
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** Punctuation, then keywords, then kinds of token ("a name", "end of input"). */
    private static int rank(String name) {
        if (!name.startsWith("`")) return 2;
        return Character.isLetter(name.charAt(1)) ? 1 : 0;
    }

    private static String tokenName(int t, Vocabulary vocab) {
        if (t == Token.EOF) return "end of input";
        String lit = vocab.getLiteralName(t);
        if (lit != null) return "`" + lit.substring(1, lit.length() - 1) + "`";
        return switch (vocab.getSymbolicName(t)) {
            case "IDENT" -> "a name";
            case "STRING" -> "a string";
            case "DEC_LIT", "HEX_LIT" -> "a number";
            case "IPV4_LIT" -> "an IPv4 address";
            case "IPV6_LIT" -> "an IPv6 address";
            case "IPV4_PREFIX_LIT" -> "an IPv4 prefix";
            case "IPV6_PREFIX_LIT" -> "an IPv6 prefix";
            case "MAC_LIT" -> "a MAC address";
            case "FIELD_PATH" -> "a field";
            default -> vocab.getDisplayName(t);
        };
    }
}
