package io.digits.trainer;

import java.util.Locale;

/** A one-line description of the machine a run measured on, for manifests and benchmark figures. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        return String.format(Locale.ROOT, "%d cores, %s %s, Java %s, %d MiB max heap",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
    }
}
