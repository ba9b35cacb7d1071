package io.digits.trainer.compare;

import io.digits.core.eval.ConfusionMatrix;
import io.digits.core.eval.McNemarTest;
import io.digits.core.eval.PromotionPolicy;
import io.digits.core.eval.WilsonInterval;
import io.digits.core.image.RejectReason;
import io.digits.core.model.ClassMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of re-scoring a stretch of the images topic with two versions, as text for people and as a map for
 * {@code --json}.
 *
 * @param name     the model name
 * @param versionA the first version
 * @param versionB the second version
 * @param topic    the topic read
 * @param ranges   what was to be read, per partition
 * @param read     records read
 * @param seconds  how long reading and scoring took
 * @param tally    what the two made of the records
 */
public record ComparisonReport(String name, String versionA, String versionB, String topic, List<OffsetRange> ranges,
                               long read, double seconds, ComparisonTally tally) {
    /** The significance level the McNemar verdict uses. */
    public static final double ALPHA = 0.05;

    /** How many records A read as digit {@code a} and B as digit {@code b}. */
    public record Disagreement(int a, int b, long count) {
    }

    /** The pairs (A's digit, B's digit) the two read differently, most frequent first. */
    public List<Disagreement> disagreements() {
        ConfusionMatrix pairs = tally.pairs();
        List<Disagreement> list = new ArrayList<>();
        for (int i = 0; i < pairs.classes(); i++) {
            for (int j = 0; j < pairs.classes(); j++) {
                if (i != j && pairs.count(i, j) > 0) {
                    list.add(new Disagreement(i, j, pairs.count(i, j)));
                }
            }
        }
        list.sort(Comparator.comparingLong(Disagreement::count).reversed()
                .thenComparingInt(Disagreement::a).thenComparingInt(Disagreement::b));
        return list;
    }

    /**
     * What the standard promotion policy ({@link PromotionPolicy#standard()}) would decide with A live and B its
     * candidate, on these labelled records.
     */
    public PromotionPolicy.Verdict promotion() {
        return tally.judgedBy(PromotionPolicy.standard());
    }

    /** The verdict of McNemar's test in words. */
    public String verdict() {
        McNemarTest test = tally.mcNemar();
        if (!test.significant(ALPHA)) {
            return "no significant difference at 5%";
        }
        return (test.onlyA() > test.onlyB() ? "A (" + versionA + ")" : "B (" + versionB + ")")
                + " is more accurate, significant at 5%";
    }

    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "model %s: A %s against B %s on %s%n", name, versionA, versionB, topic));
        out.append(String.format(Locale.ROOT, "  read:        %d records in %.1f s from %s%n", read, seconds,
                String.join(", ", ranges.stream().map(OffsetRange::toString).toList())));
        out.append(String.format(Locale.ROOT, "  classified:  %d; rejected %d%s%n", tally.classified(),
                tally.rejectedTotal(), tally.rejectedTotal() == 0 ? "" : " " + rejectedText()));
        long differ = tally.classified() - tally.pairs().correct();
        out.append(String.format(Locale.ROOT, "  agreement:   %s (%d of %d); %d read differently%n",
                percent(tally.agreement()), tally.pairs().correct(), tally.classified(), differ));
        if (tally.labelled() == 0) {
            out.append("  labelled:    none (no label header): no accuracy, no McNemar test\n");
        } else {
            out.append(String.format(Locale.ROOT, "  labelled:    %d records%n", tally.labelled()));
            out.append(accuracyLine("A", versionA, tally.confusionA()));
            out.append(accuracyLine("B", versionB, tally.confusionB()));
            McNemarTest test = tally.mcNemar();
            out.append(String.format(Locale.ROOT, "  McNemar:     only A right %d, only B right %d: %s, p = %s: %s%n",
                    test.onlyA(), test.onlyB(), test.exact() ? "exact binomial"
                            : String.format(Locale.ROOT, "chi-square %.2f (continuity-corrected)", test.statistic()),
                    pValue(test.pValue()), verdict()));
            out.append("  recall     ");
            for (int d = 0; d < 10; d++) {
                out.append(String.format(Locale.ROOT, "%8d", d));
            }
            out.append('\n');
            List<ClassMetrics> a = tally.confusionA().perClass();
            List<ClassMetrics> b = tally.confusionB().perClass();
            out.append(recallRow("    A", a, null)).append(recallRow("    B", b, null)).append(recallRow("    B-A", b, a));
            out.append("  B as A's candidate, by the promotion policy: ").append(promotion().reason()).append('\n');
        }
        List<Disagreement> disagreements = disagreements();
        if (!disagreements.isEmpty()) {
            out.append("  read differently (A's digit->B's digit count): ");
            out.append(String.join(", ", disagreements.stream().map(d -> d.a() + "->" + d.b() + " " + d.count()).toList()));
            out.append('\n');
        }
        return out.toString();
    }

    /** The report as one JSON document's fields. */
    public Map<String, Object> toMap() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", name);
        doc.put("topic", topic);
        List<Map<String, Object>> rangeList = new ArrayList<>();
        for (OffsetRange r : ranges) {
            Map<String, Object> range = new LinkedHashMap<>();
            range.put("partition", r.partition());
            range.put("from", r.from());
            range.put("to", r.to());
            rangeList.add(range);
        }
        doc.put("ranges", rangeList);
        doc.put("read", read);
        doc.put("classified", tally.classified());
        Map<String, Long> rejected = new LinkedHashMap<>();
        tally.rejectedByReason().forEach((reason, n) -> rejected.put(reason.code(), n));
        doc.put("rejected", rejected);
        doc.put("agreement", tally.agreement());
        doc.put("agreed", tally.pairs().correct());
        doc.put("disagreements", disagreements());
        doc.put("labelled", tally.labelled());
        doc.put("a", versionMap(versionA, tally.confusionA()));
        doc.put("b", versionMap(versionB, tally.confusionB()));
        if (tally.labelled() > 0) {
            McNemarTest test = tally.mcNemar();
            Map<String, Object> mcNemar = new LinkedHashMap<>();
            mcNemar.put("onlyA", test.onlyA());
            mcNemar.put("onlyB", test.onlyB());
            mcNemar.put("test", test.exact() ? "exact-binomial" : "chi-square-continuity-corrected");
            if (!test.exact()) {
                mcNemar.put("statistic", test.statistic());
            }
            mcNemar.put("pValue", test.pValue());
            mcNemar.put("significant", test.significant(ALPHA));
            mcNemar.put("verdict", verdict());
            doc.put("mcNemar", mcNemar);
            PromotionPolicy.Verdict promotion = promotion();
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("decision", promotion.decision().name().toLowerCase(Locale.ROOT));
            policy.put("reason", promotion.reason());
            doc.put("promotion", policy);
        }
        doc.put("seconds", Math.round(seconds * 10) / 10.0);
        return doc;
    }

    private Map<String, Object> versionMap(String version, ConfusionMatrix confusion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        if (confusion.total() > 0) {
            WilsonInterval interval = WilsonInterval.of95(confusion.correct(), confusion.total());
            m.put("accuracy", confusion.accuracy());
            m.put("correct", confusion.correct());
            m.put("accuracy95", List.of(interval.lower(), interval.upper()));
            m.put("recall", confusion.perClass().stream().map(ClassMetrics::recall).toList());
            m.put("confusion", confusion.counts());
        }
        return m;
    }

    private String rejectedText() {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<RejectReason, Long> e : tally.rejectedByReason().entrySet()) {
            parts.add(e.getKey().code() + "=" + e.getValue());
        }
        return "{" + String.join(", ", parts) + "}";
    }

    private static String accuracyLine(String which, String version, ConfusionMatrix confusion) {
        WilsonInterval interval = WilsonInterval.of95(confusion.correct(), confusion.total());
        return String.format(Locale.ROOT, "    %s %s: accuracy %s (%d of %d), 95%% interval %s-%s (Wilson)%n", which,
                version, percent(confusion.accuracy()), confusion.correct(), confusion.total(),
                percent(interval.lower()), percent(interval.upper()));
    }

    private static String recallRow(String title, List<ClassMetrics> metrics, List<ClassMetrics> minus) {
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-11s", title));
        for (int d = 0; d < metrics.size(); d++) {
            double r = metrics.get(d).recall();
            row.append(minus == null ? String.format(Locale.ROOT, "%8.4f", r)
                    : String.format(Locale.ROOT, "%+8.4f", r - minus.get(d).recall()));
        }
        return row.append('\n').toString();
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * share);
    }

    private static String pValue(double p) {
        return p >= 0.001 ? String.format(Locale.ROOT, "%.4f", p) : String.format(Locale.ROOT, "%.2g", p);
    }
}
