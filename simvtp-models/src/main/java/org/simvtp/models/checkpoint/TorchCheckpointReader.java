package org.simvtp.models.checkpoint;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * Reads {@code torch.save} files (the zip format of PyTorch 1.6 and later) in pure Java, without
 * running any code from the file.
 *
 * <p>The pickle in {@code <top>/data.pkl} is decoded by a {@link RestrictedUnpickler} whose
 * allow-list holds only plain-data types, torch storage types and the tensor/parameter rebuild
 * functions. Tensor storages are read from {@code <top>/data/<key>}; every view is checked against
 * its storage (offset, sizes, strides, declared entry size) before memory is allocated, and
 * non-contiguous views are made contiguous. Views may repeat storage data (tied weights, broadcast
 * strides), but all tensors read together may take at most twice the file size plus 64 MiB, and
 * compressed entries may not declare more than deflate can produce. Any other damage to the zip
 * structure is reported as a {@link CheckpointFormatException}. Heap use is about the size of the tensors read;
 * {@link #readStateDict} reads only the tensors of the selected state dict.
 *
 * <pre>{@code
 * Map<String, TensorData> pretrained = TorchCheckpointReader.readStateDict(Path.of("checkpoint-199.pth"), "model");
 * Map<String, TensorData> finetuned = TorchCheckpointReader.readStateDict(Path.of("mp_rank_00_model_states.pt"), null);
 * }</pre>
 */
public final class TorchCheckpointReader {

    private TorchCheckpointReader() {}

    /**
     * Reads the whole file: every tensor and every other value.
     *
     * @param file a {@code .pth}/{@code .pt} file written by {@code torch.save}
     * @return the checkpoint
     * @throws UnsafeCheckpointException if the pickle names a global outside the allow-list
     * @throws CheckpointFormatException if the file is malformed, truncated or inconsistent
     * @throws IOException if the file cannot be read
     */
    public static TorchCheckpoint read(Path file) throws IOException {
        try (TorchArchive archive = TorchArchive.open(file)) {
            Object root = new GraphMaterializer(archive::materialize).materialize(archive.unpickle());
            return new TorchCheckpoint(file, root);
        } catch (ZipException | EOFException e) {
            throw corrupt(file, e);
        }
    }

    /**
     * Reads only the tensors of one state dict (the rest of the pickle is decoded but its tensors
     * are not loaded).
     *
     * @param file a {@code .pth}/{@code .pt} file written by {@code torch.save}
     * @param key the top-level key ({@code "model"}, {@code "module"}, ...), or {@code null} to
     *     detect it as {@link TorchCheckpoint#stateDictAuto()} does
     * @return an unmodifiable, ordered map of parameter names to tensors named alike
     * @throws UnsafeCheckpointException if the pickle names a global outside the allow-list
     * @throws CheckpointFormatException if the file is malformed or has no such state dict
     * @throws IOException if the file cannot be read
     */
    public static Map<String, TensorData> readStateDict(Path file, String key) throws IOException {
        try (TorchArchive archive = TorchArchive.open(file)) {
            Map<?, ?> raw = StateDicts.select(archive.unpickle(), key, file);
            return StateDicts.toTensors(raw, archive::materialize);
        } catch (ZipException | EOFException e) {
            throw corrupt(file, e);
        }
    }

    /** Any zip error that the archive did not already turn into a precise message. */
    private static CheckpointFormatException corrupt(Path file, IOException e) {
        return new CheckpointFormatException(file, "corrupt zip archive (" + e.getMessage() + ")", e);
    }
}
