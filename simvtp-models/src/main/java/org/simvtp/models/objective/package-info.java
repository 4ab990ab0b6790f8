/** Pre-training objectives: pixel reconstruction, masked language modelling, VTC, VTM, and the step they read. */
package org.simvtp.models.objective;
