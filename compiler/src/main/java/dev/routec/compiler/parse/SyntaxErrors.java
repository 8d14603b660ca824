package dev.routec.compiler.parse;

import dev.routec.compiler.diag.Code;
import dev.routec.compiler.diag.Diagnostics;
import dev.routec.compiler.source.SourceFile;
import dev.routec.compiler.source.Span;
import dev.routec.grammar.RouteLexer;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

/** Turns ANTLR's syntax errors into diagnostics with a readable "expected ..." list. */
final class SyntaxErrors extends BaseErrorListener {
    private static final int MAX_LISTED = 8;
    private final SourceFile src;
    private final Diagnostics diags;
    private int count;

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
            diags.error(Code.BAD_CHARACTER, span, "unexpected character `" + tok.getText() + "`")
                    .emit();
            return;
        }
        if (tok.getType() == RouteLexer.UNTERMINATED_STRING) {
            diags.error(Code.UNTERMINATED_STRING, span, "unterminated string")
                    .help("close the string with `\"` on the same line")
                    .emit();
            return;
        }
        Diagnostics.Builder b = diags.error(Code.SYNTAX, span, "unexpected " + describe(tok));
        if (recognizer instanceof Parser p) {
            IntervalSet expected = e != null ? e.getExpectedTokens() : p.getExpectedTokens();
            String list = expectedList(expected, p.getVocabulary());
            if (!list.isEmpty()) b.help("expected " + list);
        }
        b.emit();
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

    private static String expectedList(IntervalSet set, Vocabulary vocab) {
        List<String> names = new ArrayList<>();
        for (int t : set.toList()) {
            if (t == RouteLexer.ERROR_CHAR || t == RouteLexer.UNTERMINATED_STRING) continue;
            names.add(tokenName(t, vocab));
        }
        names = names.stream().distinct().sorted().toList();
        if (names.isEmpty()) return "";
        if (names.size() > MAX_LISTED) {
            return String.join(", ", names.subList(0, MAX_LISTED)) + ", ...";
        }
        if (names.size() == 1) return names.get(0);
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
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
