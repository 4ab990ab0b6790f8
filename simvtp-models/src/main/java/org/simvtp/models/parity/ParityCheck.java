package org.simvtp.models.parity;

/**
 * One compared quantity of a parity bundle.
 *
 * @param name the expected tensor or metric name
 * @param error max absolute error (relative error for losses)
 * @param tolerance the bound the error must not exceed
 * @param passed whether {@code error <= tolerance} (and the shapes matched)
 * @param note empty, or why the check failed beyond the numbers (e.g. a shape mismatch)
 */
public record ParityCheck(String name, double error, double tolerance, boolean passed, String note) {

    /** A formatted table row: name, error, tolerance, PASS/FAIL. */
    public String row() {
        return String.format(
                "%-48s %11.3e %11.3e  %s%s",
                name, error, tolerance, passed ? "PASS" : "FAIL", note.isEmpty() ? "" : "  " + note);
    }
}
