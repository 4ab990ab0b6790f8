/**
 * Checkpoint I/O without Python: {@code torch.save} zip files through a restricted pickle machine,
 * and safetensors files, as immutable {@link org.simvtp.models.io.TensorData} values.
 *
 * <pre>{@code
 * Map<String, TensorData> weights = TorchCheckpointReader.readStateDict(Path.of("checkpoint.pth"), "model");
 * SafetensorsWriter.write(Path.of("model.safetensors"), weights, Map.of("format", "pt"));
 * }</pre>
 */
package org.simvtp.models.io;
