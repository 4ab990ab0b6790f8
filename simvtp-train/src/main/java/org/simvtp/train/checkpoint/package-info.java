/** Crash-safe checkpoint directories with checksummed manifests, atomic file writes and resumable RNG state. */
package org.simvtp.train.checkpoint;
