package io.digits.reliability;

import java.util.List;

/** A scenario's own topics, {@code <scenario>.images} and so on, so that no scenario reads another's records. */
record ScenarioTopics(String images, String predictions, String deadLetters, String review, String models) {
    static ScenarioTopics of(String scenario) {
        return new ScenarioTopics(scenario + ".images", scenario + ".predictions", scenario + ".dead-letters",
                scenario + ".review", scenario + ".models");
    }

    /** The {@code serve} flags naming them. */
    List<String> serveArgs() {
        return List.of("--images-topic", images, "--predictions-topic", predictions, "--dead-letters-topic", deadLetters,
                "--review-topic", review, "--models-topic", models);
    }
}
