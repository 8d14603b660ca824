package dev.routec.cli.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small strict JSON reader (RFC 8259) for the files deployment reads back: manifests and state
 * files. Objects become insertion-ordered maps, arrays lists, numbers {@code Long} (integers) or
 * {@code Double}, {@code null} becomes {@link #NULL}.
 */
public final class JsonReader {
    /** The JSON {@code null} (maps and lists cannot hold Java null). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private final String text;
    private int pos;

    private JsonReader(String text) {
        this.text = text;
    }

    /** Parses one JSON document; IllegalArgumentException with the offset on malformed input. */
    public static Object parse(String text) {
        JsonReader r = new JsonReader(text);
        r.ws();
        Object v = r.value(0);
        r.ws();
        if (r.pos != text.length()) throw r.error("trailing characters");
        return v;
    }

    private Object value(int depth) {
        if (depth > 64) throw error("nesting too deep");
        if (pos >= text.length()) throw error("unexpected end");
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> number();
        };
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        pos++;
        ws();
        if (peek('}')) return m;
        while (true) {
            ws();
            if (pos >= text.length() || text.charAt(pos) != '"') throw error("expected a string key");
            String k = string();
            ws();
            expect(':');
            ws();
            m.put(k, value(depth + 1));
            ws();
            if (peek('}')) return m;
            expect(',');
        }
    }

    private List<Object> array(int depth) {
        List<Object> l = new ArrayList<>();
        pos++;
        ws();
        if (peek(']')) return l;
        while (true) {
            ws();
            l.add(value(depth + 1));
            ws();
            if (peek(']')) return l;
            expect(',');
        }
    }

    private String string() {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw error("unterminated string");
            char c = text.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c < 0x20) throw error("control character in string");
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) throw error("unterminated escape");
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) throw error("short \\u escape");
                    try {
                        sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private Object number() {
        int start = pos;
        if (pos < text.length() && text.charAt(pos) == '-') pos++;
        while (pos < text.length() && "0123456789.eE+-".indexOf(text.charAt(pos)) >= 0) pos++;
        String n = text.substring(start, pos);
        if (n.isEmpty() || n.equals("-")) throw error("unexpected character");
        try {
            if (n.matches("-?(0|[1-9][0-9]*)")) return Long.parseLong(n);
            if (n.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) return Double.parseDouble(n);
        } catch (NumberFormatException e) {
            throw error("number out of range: " + n);
        }
        throw error("bad number " + n);
    }

    private Object literal(String word, Object v) {
        if (!text.startsWith(word, pos)) throw error("unexpected character");
        pos += word.length();
        return v;
    }

    private boolean peek(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!peek(c)) throw error("expected '" + c + "'");
    }

    private void ws() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("malformed JSON at offset " + pos + ": " + what);
    }

    // ---- typed access for readers of known documents

    /** Typed views of parsed values; a missing or mistyped member is an IllegalArgumentException. */
    public record Obj(Map<String, Object> map) {
        public static Obj of(Object v) {
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> mm = (Map<String, Object>) m;
                return new Obj(mm);
            }
            throw new IllegalArgumentException("expected a JSON object, got " + v);
        }

        public boolean has(String k) {
            return map.containsKey(k) && map.get(k) != NULL;
        }

        public String str(String k) {
            if (map.get(k) instanceof String s) return s;
            throw new IllegalArgumentException("member `" + k + "` must be a string");
        }

        public Optional<String> optStr(String k) {
            return has(k) ? Optional.of(str(k)) : Optional.empty();
        }

        public long num(String k) {
            if (map.get(k) instanceof Long l) return l;
            throw new IllegalArgumentException("member `" + k + "` must be an integer");
        }

        public long num(String k, long dflt) {
            return has(k) ? num(k) : dflt;
        }

        public boolean bool(String k, boolean dflt) {
            if (!has(k)) return dflt;
            if (map.get(k) instanceof Boolean b) return b;
            throw new IllegalArgumentException("member `" + k + "` must be a boolean");
        }

        public Obj obj(String k) {
            return of(map.get(k));
        }

        public List<Obj> objs(String k) {
            if (!has(k)) return List.of();
            if (!(map.get(k) instanceof List<?> l))
                throw new IllegalArgumentException("member `" + k + "` must be an array");
            return l.stream().map(Obj::of).toList();
        }

        public List<String> strs(String k) {
            if (!has(k)) return List.of();
            if (!(map.get(k) instanceof List<?> l))
                throw new IllegalArgumentException("member `" + k + "` must be an array");
            return l.stream()
                    .map(x -> {
                        if (x instanceof String s) return s;
                        throw new IllegalArgumentException("member `" + k + "` must hold strings");
                    })
                    .toList();
        }
    }
}
