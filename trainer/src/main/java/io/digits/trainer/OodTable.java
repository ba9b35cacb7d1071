package io.digits.trainer;

import io.digits.core.model.SetMetrics;
import java.util.Locale;

/** The text table of accuracy and per-digit recall per set, as {@code train} and {@code evaluate} print it. */
final class OodTable {
    private OodTable() {
    }

    static String header() {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-14s %6s %8s |", "set", "images",
                "accuracy"));
        for (int d = 0; d < 10; d++) {
            line.append(String.format(Locale.ROOT, " %5s", "r" + d));
        }
        return line.toString();
    }

    static String row(String set, SetMetrics m) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-14s %6d %8.4f |", set, m.images(),
                m.accuracy()));
        for (double recall : m.recall()) {
            line.append(String.format(Locale.ROOT, " %5.3f", recall));
        }
        return line.toString();
    }
}
