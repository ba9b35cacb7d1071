package io.digits.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineTest {
    @Test
    void theManifestLineNamesCoresSystemJavaAndHeap() {
        assertThat(Machine.summary())
                .startsWith(Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name"))
                .contains("Java " + System.getProperty("java.version"))
                .endsWith(" MiB max heap");
    }

    @Test
    void theBenchReportGetsItsFieldsInItsOrder() {
        var machine = Machine.describe();
        assertThat(machine.keySet()).containsExactly("cores", "cpuModel", "jdk", "os", "engine", "ompWaitPolicy");
        assertThat(machine).containsEntry("cores", Runtime.getRuntime().availableProcessors());
    }
}
