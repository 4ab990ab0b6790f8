/** Per-iteration learning-rate and weight-decay schedules (cosine with linear warm-up, constant, batch scaling). */
package org.simvtp.train.schedule;
