/** Diagnostic programs that time the phases of a training step (not run by the suite). */
package org.simvtp.jmh.probe;
