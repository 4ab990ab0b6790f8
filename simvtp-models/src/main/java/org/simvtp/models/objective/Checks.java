package org.simvtp.models.objective;

/** Checks shared by the objectives' builders. */
final class Checks {

    private Checks() {}

    /** {@code temperature} if it is finite and > 0, else an exception naming the objective. */
    static double checkTemperature(String objective, double temperature) {
        if (!(temperature > 0 && Double.isFinite(temperature))) {
            throw new IllegalArgumentException(objective + " temperature must be finite and > 0, got " + temperature);
        }
        return temperature;
    }
}
