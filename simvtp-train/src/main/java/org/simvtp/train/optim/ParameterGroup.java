package org.simvtp.train.optim;

/**
 * How the optimizer treats one parameter: whether it is weight-decayed and its learning-rate scale.
 *
 * <pre>{@code
 * ParameterGroup g = optimizer.group("video_encoder.blocks.3.mlp.fc1.weight");
 * double lr = baseLr * g.lrScale();
 * }</pre>
 *
 * @param weightDecay whether weight decay applies
 * @param layerId the layer id of layer-wise lr decay ({@code 0} = embeddings)
 * @param lrScale the multiplier on the scheduled learning rate
 */
public record ParameterGroup(boolean weightDecay, int layerId, double lrScale) {}
