package dev.routec.compiler.testing;

import dev.routec.compiler.check.Field;
import dev.routec.compiler.net.IpAddr;
import dev.routec.compiler.net.MacAddr;
import dev.routec.compiler.packet.PacketSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * Draws the value of one field of a packet: the hint from {@code where} when there is one, else
 * (with a field-dependent probability) a value the policy mentions for that field, one it holds
 * anywhere for that type, or a plain random value. Part of {@link PacketGen}.
 */
class FieldDraw {
    private static final int[] PORTS = {0, 1, 22, 53, 80, 123, 443, 1023, 1024, 8080, 49152, 65535};

    final RandomGenerator r;
    final Map<Field, Pick> hints;
    final PolicyValues values;

    FieldDraw(RandomGenerator r, Map<Field, Pick> hints, PolicyValues values) {
        this.r = r;
        this.hints = hints;
        this.values = values;
    }

    IpAddr addr(Field f, boolean v6) {
        Field specific = f == Field.SRC ? (v6 ? Field.IP6_SRC : Field.IP_SRC) : (v6 ? Field.IP6_DST : Field.IP_DST);
        for (Pick h : new Pick[] {hint(f), hint(specific)}) {
            Optional<IpAddr> a = addrFrom(h, v6);
            if (a.isPresent()) return a.get();
        }
        double x = r.nextDouble();
        if (x < 0.4) {
            List<Pick> mine = new java.util.ArrayList<>(values.field(f));
            mine.addAll(values.field(specific));
            mine.removeIf(p -> addrFrom(p, v6).isEmpty());
            if (!mine.isEmpty()) return addrFrom(any(mine), v6).orElseThrow();
        }
        if (x < 0.7 && !values.addresses(v6).isEmpty())
            return addrFrom(any(values.addresses(v6)), v6).orElseThrow();
        return Pick.Addrs.random(v6, r);
    }

    /** The address a pick gives, when it is one of the family ({@code Net} picks draw inside). */
    Optional<IpAddr> addrFrom(Pick p, boolean v6) {
        if (p instanceof Pick.Addr a && a.addr().isV4() != v6) return Optional.of(a.addr());
        if (p instanceof Pick.Net n && n.prefix().isV4() != v6) return Optional.of(n.draw(r));
        return Optional.empty();
    }

    int port(Field f) {
        if (hint(f) instanceof Pick.Num n) return (int) (long) clamp(n, 0xffff).orElse(0L);
        double x = r.nextDouble();
        if (x < 0.4 && !values.field(f).isEmpty()) {
            Optional<Long> v = clamp(any(values.field(f)), 0xffff);
            if (v.isPresent()) return (int) (long) v.get();
        }
        if (x < 0.6 && !values.ports().isEmpty()) {
            Optional<Long> v = clamp(any(values.ports()), 0xffff);
            if (v.isPresent()) return (int) (long) v.get();
        }
        return r.nextBoolean() ? PORTS[r.nextInt(PORTS.length)] : r.nextInt(0x10000);
    }

    /**
     * An integer field: the hint; else the default with probability {@code keep}; else a value
     * the policy mentions, one of {@code favourites} or any value up to {@code max}.
     */
    long num(Field f, long max, double keep, long dflt, int[] favourites) {
        if (hint(f) instanceof Pick.Num n) {
            Optional<Long> v = clamp(n, max);
            if (v.isPresent()) return v.get();
        }
        double x = r.nextDouble();
        if (x < keep) return dflt;
        List<Pick> mine = values.field(f);
        if (!mine.isEmpty() && r.nextBoolean()) {
            Optional<Long> v = clamp(any(mine), max);
            if (v.isPresent()) return v.get();
        }
        if (r.nextBoolean()) {
            long v = favourites[r.nextInt(favourites.length)];
            if (v <= max) return v;
        }
        return max == 0xffffffffL ? r.nextLong(0x100000000L) : r.nextLong(max + 1);
    }

    /** A number from a pick, within 0..max; empty when the pick is not a number or is out of range. */
    Optional<Long> clamp(Pick p, long max) {
        if (!(p instanceof Pick.Num n) || n.lo() < 0 || n.lo() > max) return Optional.empty();
        return Optional.of(new Pick.Num(n.lo(), Math.min(n.hi() < 0 ? max : n.hi(), max)).draw(r));
    }

    MacAddr mac(Field f, MacAddr dflt) {
        if (hint(f) instanceof Pick.Mac m) return m.mac();
        double x = r.nextDouble();
        if (x < 0.9) return dflt;
        List<Pick> mine =
                values.field(f).stream().filter(p -> p instanceof Pick.Mac).toList();
        if (!mine.isEmpty() && r.nextBoolean()) return ((Pick.Mac) any(mine)).mac();
        return new MacAddr(r.nextLong(1L << 48));
    }

    String iif() {
        if (r.nextDouble() < 0.85) return PacketSpec.DEFAULT_IIF;
        List<Pick> mine = values.field(Field.IIF).stream()
                .filter(p -> p instanceof Pick.Name)
                .toList();
        if (!mine.isEmpty() && r.nextDouble() < 0.7) return ((Pick.Name) any(mine)).name();
        return "eth0";
    }

    OptionalInt vlan() {
        if (hint(Field.VLAN_ID) instanceof Pick.Num n) {
            Optional<Long> v = clamp(n, 4095);
            if (v.isPresent()) return OptionalInt.of((int) (long) v.get());
        }
        if (r.nextDouble() < 0.88) return OptionalInt.empty();
        return OptionalInt.of((int) num(Field.VLAN_ID, 4095, 0, 1, new int[] {0, 1, 100, 4095}));
    }

    // ---- helpers

    Pick hint(Field f) {
        return hints.get(f);
    }

    boolean isTrue(Field f) {
        return hint(f) instanceof Pick.Bool b && b.value();
    }

    boolean isFalse(Field f) {
        return hint(f) instanceof Pick.Bool b && !b.value();
    }

    Pick any(List<Pick> picks) {
        return picks.get(r.nextInt(picks.size()));
    }
}
