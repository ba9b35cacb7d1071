package io.digits.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code prometheus/alerts.yml}: the alert names and the metrics their expressions read. */
record AlertRules(JsonNode root) {
    static final String PATH = "prometheus/alerts.yml";
    /** A metric name in PromQL: a word followed by a selector, a range or the end, not a function call or keyword. */
    private static final Pattern METRIC = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\b(?=\\s*(?:\\{|\\[|\\)|$|\\s*[<>=!]))");
    private static final Set<String> NOT_METRICS = Set.of("by", "le", "without", "on", "ignoring", "and", "or", "unless");

    static AlertRules load() {
        return new AlertRules(Repo.yaml(PATH));
    }

    List<String> alertNames() {
        List<String> names = new ArrayList<>();
        root.path("groups").forEach(g -> g.path("rules").forEach(r -> names.add(r.path("alert").asText())));
        return names;
    }

    Set<String> metricNames() {
        Set<String> names = new LinkedHashSet<>();
        root.path("groups").forEach(g -> g.path("rules").forEach(r -> {
            // label matchers hold label names, not metrics
            Matcher m = METRIC.matcher(r.path("expr").asText().replaceAll("\\{[^}]*\\}", "{}"));
            while (m.find()) {
                if (!NOT_METRICS.contains(m.group(1))) {
                    names.add(m.group(1));
                }
            }
        }));
        return names;
    }
}
