/**
 * Checkpoint I/O without Python: {@code torch.save} zip files (read through a restricted pickle
 * machine, written as PyTorch writes them) and safetensors files, as immutable {@link TensorData} values, and
 * loading state dicts into models ({@link StateDictLoader}, {@link PretrainedInit}, {@link LoadReport}).
 *
 * <pre>{@code
 * Map<String, TensorData> weights = TorchCheckpointReader.readStateDict(Path.of("checkpoint.pth"), "model");
 * SafetensorsWriter.write(Path.of("model.safetensors"), weights, Map.of("format", "pt"));
 * TorchCheckpointWriter.write(Path.of("checkpoint-7.pth"), "model", weights, Map.of("epoch", 7));
 * }</pre>
 */
package org.simvtp.models.checkpoint;
