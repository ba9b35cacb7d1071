package io.digits.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The Python peers' scripts, shipped in this jar, copied side by side into a work folder to run. */
final class PythonScripts {
    private static final String[] ALL = {"train_peer.py", "infer_peer.py", "kafka_peer.py"};

    private PythonScripts() {
    }

    /** Copies every script into {@code workDir} (they import each other) and returns the path of {@code name}. */
    static Path extract(Path workDir, String name) throws IOException {
        for (String script : ALL) {
            try (InputStream source = PythonScripts.class.getResourceAsStream(script)) {
                Files.copy(source, workDir.resolve(script), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return workDir.resolve(name);
    }
}
