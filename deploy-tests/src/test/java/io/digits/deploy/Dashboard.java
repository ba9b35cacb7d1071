package io.digits.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana dashboard {@code grafana/dashboards/digits.json}: its panels and their PromQL queries. */
record Dashboard(JsonNode root) {
    static final String FILE_NAME = "digits.json";
    static final String PATH = "grafana/dashboards/" + FILE_NAME;
    private static final Pattern METRIC = Pattern.compile("\\b([a-z_][a-z0-9_]*_(?:total|seconds_bucket|bucket|bytes|usage|info|accuracy|lag))\\b");

    record Query(String panel, String refId, String expr) {
    }

    static Dashboard load() {
        return new Dashboard(Repo.json(PATH));
    }

    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        collect(root.path("panels"), panels);
        return panels;
    }

    private static void collect(JsonNode array, List<JsonNode> into) {
        for (JsonNode panel : array) {
            if (!"row".equals(panel.path("type").asText())) {
                into.add(panel);
            }
            collect(panel.path("panels"), into);
        }
    }

    List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(panel.path("title").asText(), target.path("refId").asText(), target.path("expr").asText()));
            }
        }
        return queries;
    }

    Set<String> datasourceUids() {
        Set<String> uids = new LinkedHashSet<>();
        for (JsonNode panel : panels()) {
            uids.add(panel.path("datasource").path("uid").asText());
            panel.path("targets").forEach(t -> uids.add(t.path("datasource").path("uid").asText()));
        }
        return uids;
    }

    /** The metric names the queries read. */
    Set<String> metricNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Query query : queries()) {
            Matcher m = METRIC.matcher(query.expr());
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /**
     * The query as Prometheus itself runs it: Grafana's interval variables replaced by a window of
     * {@code window} (a Prometheus duration such as {@code 1m}).
     */
    static String withWindow(String expr, String window) {
        return expr.replace("$__rate_interval", window).replace("$__range", window).replace("$__interval", window);
    }
}
