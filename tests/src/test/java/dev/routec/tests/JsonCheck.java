package dev.routec.tests;

/** A strict JSON syntax check (RFC 8259), enough to assert that output is one JSON document. */
final class JsonCheck {
    private final String s;
    private int i;

    private JsonCheck(String s) {
        this.s = s;
    }

    static void validate(String text) {
        JsonCheck c = new JsonCheck(text);
        c.value();
        c.ws();
        if (c.i != text.length()) c.fail("trailing text");
    }

    private void value() {
        ws();
        if (i >= s.length()) fail("end of input");
        char c = s.charAt(i);
        switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> word("true");
            case 'f' -> word("false");
            case 'n' -> word("null");
            default -> number();
        }
    }

    private void object() {
        i++;
        ws();
        if (peek('}')) return;
        do {
            ws();
            string();
            ws();
            expect(':');
            value();
            ws();
        } while (take(','));
        expect('}');
    }

    private void array() {
        i++;
        ws();
        if (peek(']')) return;
        do value();
        while (take(','));
        ws();
        expect(']');
    }

    private void string() {
        expect('"');
        while (i < s.length() && s.charAt(i) != '"') {
            char c = s.charAt(i++);
            if (c < 0x20) fail("control character in string");
            if (c == '\\') {
                char e = s.charAt(i++);
                if (e == 'u') i += 4;
                else if ("\"\\/bfnrt".indexOf(e) < 0) fail("bad escape");
            }
        }
        expect('"');
    }

    private void number() {
        int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
        if (start == i || !s.substring(start, i).matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?"))
            fail("bad number");
    }

    private void word(String w) {
        if (!s.startsWith(w, i)) fail("expected " + w);
        i += w.length();
    }

    private void ws() {
        while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) i++;
    }

    private boolean peek(char c) {
        ws();
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private boolean take(char c) {
        return peek(c);
    }

    private void expect(char c) {
        if (i >= s.length() || s.charAt(i) != c) fail("expected '" + c + "'");
        i++;
    }

    private void fail(String why) {
        throw new AssertionError("invalid JSON at " + i + ": " + why + "\n" + s);
    }
}
