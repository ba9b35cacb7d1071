package io.digits.trainer;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a figure was measured on, the one description of the machine: one line in a model's manifest
 * ({@link #summary()}), the fields of the bench's JSON report ({@link #describe()}), and how busy it was.
 */
public final class Machine {
    private Machine() {
    }

    /** One line for a model's manifest: cores, OS and architecture, Java, the heap limit. */
    public static String summary() {
        return String.format(Locale.ROOT, "%d cores, %s %s, Java %s, %d MiB max heap",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    /** The fields of a benchmark report: cores, CPU model, JDK, OS, engine, and the OpenMP wait policy. */
    public static Map<String, Object> describe() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("cpuModel", cpuModel());
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("engine", "DJL " + Engine.getDjlVersion() + ", PyTorch " + Engine.getEngine("PyTorch").getVersion());
        machine.put("ompWaitPolicy", System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset: ACTIVE)"));
        return machine;
    }

    /** The 1-minute load average: above the core count, other processes competed for the CPUs. */
    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The CPU model from {@code /proc/cpuinfo}, else the architecture. */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }
}
