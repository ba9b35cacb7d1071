package io.digits.bench;

import io.digits.core.record.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One run's figures: a markdown table for people and one JSON object for machines. */
final class BenchReport {
    /**
     * One line of the table: a measured figure (or a ratio taken round by round), the same work per CPU-second
     * of the process that did it (null for ratios), and the target it answers.
     */
    record Row(String figure, Stats stats, Stats perCpuSecond, String unit, String target) {
    }

    private final Map<String, Object> machine;
    private final List<String> commands = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> json = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();
    private final String date = Instant.now().toString();

    BenchReport(Map<String, Object> machine) {
        this.machine = machine;
    }

    void command(String command) {
        commands.add(command);
    }

    void row(String figure, Stats stats, String unit, String target) {
        rows.add(new Row(figure, stats, null, unit, target));
    }

    void row(String figure, Stats stats, Stats perCpuSecond, String unit, String target) {
        rows.add(new Row(figure, stats, perCpuSecond, unit, target));
    }

    /** A key of the JSON object (the headline keys, raw figures, machine load). */
    void put(String key, Object value) {
        json.put(key, value);
    }

    void note(String note) {
        notes.add(note);
    }

    /** A markdown section of its own (a heading and a table), printed after the figures. */
    void section(String markdown) {
        sections.add(markdown);
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("Run ").append(date).append(" on ").append(machine.get("cores")).append(" cores, ")
                .append(machine.get("cpuModel")).append(", ").append(machine.get("jdk")).append(", ")
                .append(machine.get("engine")).append(", OMP_WAIT_POLICY ").append(machine.get("ompWaitPolicy"))
                .append(".\n\n");
        out.append("| figure | median | min | max | unit | per CPU-second (median) | target |\n")
                .append("|---|---:|---:|---:|---|---:|---|\n");
        for (Row row : rows) {
            out.append("| ").append(row.figure()).append(" | ").append(number(row.stats().median())).append(" | ")
                    .append(number(row.stats().min())).append(" | ").append(number(row.stats().max())).append(" | ")
                    .append(row.unit()).append(" | ")
                    .append(row.perCpuSecond() == null ? "" : number(row.perCpuSecond().median())).append(" | ")
                    .append(row.target() == null ? "" : row.target()).append(" |\n");
        }
        sections.forEach(section -> out.append('\n').append(section));
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(note -> out.append("- ").append(note).append('\n'));
        }
        out.append("\nCommands:\n");
        commands.forEach(command -> out.append("- `").append(command).append("`\n"));
        return out.toString();
    }

    String json() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("date", date);
        all.putAll(json);
        all.put("machine", machine);
        all.put("commands", commands);
        Map<String, Object> figures = new LinkedHashMap<>();
        for (Row row : rows) {
            Map<String, Object> figure = new LinkedHashMap<>();
            figure.put("median", row.stats().median());
            figure.put("min", row.stats().min());
            figure.put("max", row.stats().max());
            figure.put("n", row.stats().n());
            figure.put("unit", row.unit());
            if (row.perCpuSecond() != null) {
                figure.put("perCpuSecondMedian", row.perCpuSecond().median());
            }
            figures.put(row.figure(), figure);
        }
        all.put("figures", figures);
        all.put("notes", notes);
        try {
            return Json.mapper().writeValueAsString(all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
