package io.digits.bench;

/** One measurement: units done (images or multiply-adds), the wall-clock seconds and the CPU seconds it took. */
record Sample(double units, double wallSeconds, double cpuSeconds) {

    /** Units per wall-clock second: what a user sees. */
    double rate() {
        return units / wallSeconds;
    }

    /**
     * Units per CPU-second of the process doing them: the cost, which other processes competing for the
     * cores change much less than the wall-clock rate.
     */
    double perCpuSecond() {
        return cpuSeconds > 0 ? units / cpuSeconds : Double.NaN;
    }
}
