/** Watching a training run: progress bar, per-step JSONL metrics, loss plots and the run manifest. */
package org.simvtp.train.observe;
