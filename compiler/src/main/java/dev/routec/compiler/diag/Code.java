package dev.routec.compiler.diag;

/**
 * The catalogue of diagnostic codes. Ids are stable: never renumber, only add. Grouped by phase:
 * E01 syntax, E02 literals, E03 names, E04 types, E05 declarations, E06 actions and hooks, E07
 * tests, E08 back end; W01 static analysis.
 */
public enum Code {
    SYNTAX("E0101"),
    UNTERMINATED_STRING("E0102"),
    BAD_CHARACTER("E0103"),
    TOO_DEEP("E0104"),

    BAD_IPV4("E0201"),
    BAD_IPV6("E0202"),
    BAD_MAC("E0203"),
    BAD_PREFIX_LENGTH("E0204"),
    PREFIX_HOST_BITS("E0205"),
    INT_OUT_OF_RANGE("E0206"),
    EMPTY_RANGE("E0207"),
    BAD_INTERFACE_NAME("E0208"),
    BAD_RATE("E0209"),
    NAME_TOO_LONG("E0210"),

    UNKNOWN_NAME("E0301"),
    DUPLICATE_NAME("E0302"),
    UNKNOWN_FIELD("E0303"),
    UNKNOWN_TYPE("E0304"),
    WRONG_KIND("E0305"),
    RESERVED_NAME("E0306"),
    DUPLICATE_POLICY("E0307"),
    UNKNOWN_RULE("E0308"),
    UNKNOWN_POLICY("E0309"),

    TYPE_MISMATCH("E0401"),
    FAMILY_MISMATCH("E0402"),
    BAD_OPERATOR("E0403"),
    NOT_A_SET("E0404"),
    NOT_BOOLEAN("E0405"),
    ELEMENT_TYPE("E0406"),

    CAPACITY("E0501"),
    OVERFULL("E0502"),
    DUPLICATE_DEFAULT("E0503"),
    DEFAULT_NEEDS_VERDICT("E0504"),
    VERDICT_NOT_LAST("E0505"),
    BAD_DECL_TYPE("E0506"),
    DUPLICATE_ATTACH("E0507"),
    DUPLICATE_ELEMENT("E0508"),

    HOOK_ACTION("E0601"),
    HOOK_FIELD("E0602"),
    REWRITE_FAMILY("E0603"),
    BAD_NAT_TARGET("E0604"),
    VALUE_RANGE("E0605"),

    BAD_PACKET("E0701"),
    CHECK_CONTEXT("E0702"),
    BAD_GIVEN("E0703"),
    BAD_FLAG("E0704"),

    BACKEND("E0801"),
    VERIFIER("E0802"),

    SHADOWED_RULE("W0101"),
    UNREACHABLE_RULE("W0102"),
    UNUSED("W0103"),
    OVERLAPPING_PREFIXES("W0104"),
    REDUNDANT_ELEMENT("W0105");

    private final String id;

    Code(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public boolean isWarning() {
        return id.startsWith("W");
    }
}
