package org.simvtp.train.recipes;

import java.nio.file.Path;
import org.simvtp.train.TrainingSummary;
import org.simvtp.train.eval.RetrievalResult;

/**
 * What {@link FinetuneJob} produced.
 *
 * @param training the steps of this invocation
 * @param validation retrieval on the validation file with the final weights
 * @param test retrieval on the test file with the final weights, or null without a test file
 * @param weights the final two-tower weights ({@code model.safetensors})
 * @param bestWeights the weights of the best evaluation on the selection split ({@code model-best.safetensors})
 * @param bestStep the step of {@code bestWeights}
 */
public record FinetuneResult(
        TrainingSummary training,
        RetrievalResult validation,
        RetrievalResult test,
        Path weights,
        Path bestWeights,
        long bestStep) {}
