package io.digits.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The repository's {@code Dockerfile}, split into stages and instructions (continuation lines joined, comments dropped). */
record Dockerfile(Map<String, Stage> stages) {
    static final String PATH = "Dockerfile";

    record Instruction(String keyword, String arguments) {
    }

    record Stage(String name, String from, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Optional<String> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1).arguments());
        }
    }

    static Dockerfile load() {
        return parse(Repo.read(PATH));
    }

    static Dockerfile parse(String text) {
        List<String> logical = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                current.append(trimmed);
                logical.add(current.toString().strip());
                current.setLength(0);
            }
        }
        Map<String, Stage> stages = new LinkedHashMap<>();
        Stage stage = null;
        for (String line : logical) {
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String arguments = parts.length > 1 ? parts[1] : "";
            if (keyword.equals("FROM")) {
                String[] from = arguments.split("\\s+");
                if (from.length != 3 || !from[1].equalsIgnoreCase("AS")) {
                    throw new AssertionError(PATH + ": every stage is named (FROM image AS name): " + line);
                }
                stage = new Stage(from[2], from[0], new ArrayList<>());
                stages.put(stage.name(), stage);
            } else if (stage == null) {
                if (!keyword.equals("ARG")) {
                    throw new AssertionError(PATH + ": " + keyword + " before the first FROM");
                }
            } else {
                stage.instructions().add(new Instruction(keyword, arguments));
            }
        }
        return new Dockerfile(stages);
    }

    List<String> targets() {
        return List.copyOf(stages.keySet());
    }

    /** The stage and the stages it is built on, nearest first, ending at the one built on an external image. */
    List<Stage> chain(String target) {
        List<Stage> chain = new ArrayList<>();
        Stage stage = stages.get(target);
        while (stage != null) {
            chain.add(stage);
            stage = stages.get(stage.from());
        }
        return chain;
    }

    /** The value of {@code keyword} in effect for {@code target}: its own last one, else its base stages'. */
    Optional<String> effective(String target, String keyword) {
        return chain(target).stream().map(s -> s.last(keyword)).flatMap(Optional::stream).findFirst();
    }

    /** The {@code ENV} variables in effect for {@code target}. */
    Map<String, String> environment(String target) {
        Map<String, String> env = new LinkedHashMap<>();
        List<Stage> chain = new ArrayList<>(chain(target));
        java.util.Collections.reverse(chain);
        for (Stage stage : chain) {
            for (Instruction instruction : stage.all("ENV")) {
                for (String pair : instruction.arguments().split("\\s+")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        env.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                }
            }
        }
        return env;
    }

    /** The external image a target is finally built on. */
    String baseImage(String target) {
        List<Stage> chain = chain(target);
        return chain.get(chain.size() - 1).from();
    }
}
