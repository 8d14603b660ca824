package dev.routec.compiler.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** RFC 4291 parsing and RFC 5952 formatting of IPv6 text. */
final class Ipv6Text {
    private Ipv6Text() {}

    static Optional<byte[]> parse(String s) {
        if (s.isEmpty() || s.chars().filter(c -> c == '/').count() > 0) return Optional.empty();
        int dc = s.indexOf("::");
        if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) return Optional.empty();
        List<Integer> head = new ArrayList<>(), tail = new ArrayList<>();
        if (dc >= 0) {
            if (!groups(s.substring(0, dc), head, false) || !groups(s.substring(dc + 2), tail, true))
                return Optional.empty();
            if (head.size() + tail.size() > 7) return Optional.empty();
        } else {
            if (!groups(s, head, true) || head.size() != 8) return Optional.empty();
        }
        byte[] b = new byte[16];
        for (int i = 0; i < head.size(); i++) put(b, i, head.get(i));
        for (int i = 0; i < tail.size(); i++) put(b, 8 - tail.size() + i, tail.get(i));
        return Optional.of(b);
    }

    private static void put(byte[] b, int group, int v) {
        b[2 * group] = (byte) (v >>> 8);
        b[2 * group + 1] = (byte) v;
    }

    /** Splits colon-separated hex groups; a trailing dotted quad counts as two groups when allowed. */
    private static boolean groups(String s, List<Integer> out, boolean allowQuad) {
        if (s.isEmpty()) return true;
        String[] parts = s.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (allowQuad && i == parts.length - 1 && p.contains(".")) {
                Optional<Ipv4Addr> q = Ipv4Addr.parse(p);
                if (q.isEmpty()) return false;
                out.add(q.get().value() >>> 16);
                out.add(q.get().value() & 0xffff);
                continue;
            }
            if (p.isEmpty() || p.length() > 4) return false;
            for (char c : p.toCharArray()) if (Character.digit(c, 16) < 0) return false;
            out.add(Integer.parseInt(p, 16));
        }
        return true;
    }

    static String format(Ipv6Addr a) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = a.group(i);
        if (a.hi() == 0 && (a.lo() >>> 32) == 0xffffL) {
            return "::ffff:" + new Ipv4Addr((int) a.lo());
        }
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
