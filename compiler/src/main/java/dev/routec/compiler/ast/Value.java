package dev.routec.compiler.ast;

import dev.routec.compiler.source.Span;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Literal values as written. Text is kept raw: the checker validates it and owns the messages, so
 * a bad literal is a precise diagnostic rather than a parse failure.
 */
public sealed interface Value {
    Span span();

    /** Decimal or hex integer; arbitrary size so range errors can show the value. */
    record Int(Span span, BigInteger value, String text) implements Value {}

    record Ipv4(Span span, String text) implements Value {}

    record Ipv4Prefix(Span span, String text) implements Value {}

    record Ipv6(Span span, String text) implements Value {}

    record Ipv6Prefix(Span span, String text) implements Value {}

    record Mac(Span span, String text) implements Value {}

    /** A string without its quotes. */
    record Str(Span span, String value) implements Value {}

    /** {@code lo..hi}, inclusive. */
    record Range(Span span, Int lo, Int hi) implements Value {}

    /** A reference to a const (or, in expressions, a set/map/pool/rule name). */
    record Name(Span span, String name) implements Value {}

    /** {@code {e, e, ...}} or {@code {k: v, ...}}: entries with an optional second half. */
    record SetLit(Span span, List<Entry> entries) implements Value {
        public SetLit {
            entries = List.copyOf(entries);
        }
    }

    /** One element of a braced literal: {@code key} or {@code key: value} (also {@code addr:port}). */
    record Entry(Span span, Value key, Optional<Value> value) {}
}
