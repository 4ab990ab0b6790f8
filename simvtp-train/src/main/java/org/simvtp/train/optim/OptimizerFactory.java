package org.simvtp.train.optim;

import ai.djl.ndarray.NDManager;

/**
 * Creates a trainer's {@link Optimizer} once the trainer has built its replicas: the trainer passes the
 * trainable weights of replica 0 and the manager of replica 0's device, to which the optimizer state should be
 * attached (through a sub-manager) so that it lives on the right device and is freed with the trainer.
 *
 * <pre>{@code
 * OptimizerFactory pretrainAdamW = (parameters, manager) -> AdamW.builder()
 *         .setParameters(parameters).optBetas(0.9, 0.95).optManager(manager).build();
 * Trainer.builder(task).optOptimizer(pretrainAdamW).build();
 * }</pre>
 */
@FunctionalInterface
public interface OptimizerFactory {

    /**
     * Creates the optimizer.
     *
     * @param parameters replica 0's trainable weights by state-dict name, looked up anew on every call
     * @param manager the manager of replica 0's device; parent of the optimizer state
     * @return a new optimizer, closed by the trainer
     */
    Optimizer create(NamedParameters parameters, NDManager manager);
}
