/** AdamW with parameter groups and checkpointable state, gradient clipping and dynamic loss scaling. */
package org.simvtp.train.optim;
