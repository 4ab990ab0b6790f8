/** The jobs behind the command-line tool: reading annotations and checkpoints, pre-training, fine-tuning, evaluation. */
package org.simvtp.examples.jobs;
