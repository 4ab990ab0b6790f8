package org.simvtp.models.checkpoint;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * An open {@code torch.save} zip archive (PyTorch ≥ 1.6): finds {@code <top>/data.pkl}, unpickles it
 * with the torch allow-list, and reads tensors from {@code <top>/data/<key>} on request.
 */
final class TorchArchive implements Closeable {

    /** Largest {@code data.pkl} accepted. */
    static final long MAX_PICKLE_BYTES = 512L << 20;

    /** Deflate cannot expand data by more than this factor (about 1032:1). */
    private static final long MAX_DEFLATE_RATIO = 1032;

    /**
     * Views may repeat storage elements (tied weights, broadcast strides), so the tensors read can
     * exceed the file; they may take at most twice the file size plus this many bytes.
     */
    static final long MAX_EXPANSION_BYTES = 64L << 20;

    private static final Pattern STORAGE_KEY = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final byte[] LEGACY_MAGIC = {
        (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19
    };

    private final Path file;
    private final ZipFile zip;
    private final String top;
    private final ZipEntry pickleEntry;
    private final Map<String, StorageRef> storages = new HashMap<>();
    private final long materializeBudget;
    private long materialized;

    private TorchArchive(Path file, ZipFile zip, String top, ZipEntry pickleEntry) {
        this.file = file;
        this.zip = zip;
        this.top = top;
        this.pickleEntry = pickleEntry;
        this.materializeBudget = 2 * fileSize(file) + MAX_EXPANSION_BYTES;
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Opens and checks the archive layout.
     *
     * @param file the {@code .pth}/{@code .pt} file
     * @return the open archive
     * @throws CheckpointFormatException if the file is not a readable torch zip archive
     * @throws NoSuchFileException if the file does not exist
     */
    static TorchArchive open(Path file) throws IOException {
        checkSignature(file);
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException | EOFException e) {
            throw new CheckpointFormatException(
                    file,
                    "corrupt or truncated zip archive (" + e.getMessage() + "); not a readable torch.save file",
                    e);
        }
        try {
            ZipEntry pickle = findPickle(file, zip);
            String top = pickle.getName().substring(0, pickle.getName().length() - "/data.pkl".length());
            TorchArchive archive = new TorchArchive(file, zip, top, pickle);
            archive.checkByteOrder();
            return archive;
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    private static void checkSignature(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw Files.exists(file)
                    ? new CheckpointException(file, "not a regular file")
                    : new NoSuchFileException(file.toString());
        }
        ByteBuffer head = ByteBuffer.allocate(16);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (head.hasRemaining() && channel.read(head) >= 0) {
                // fill the buffer or reach the end of the file
            }
        }
        head.flip();
        if (head.remaining() == 0) {
            throw new CheckpointFormatException(file, "empty file; expected a torch.save zip archive");
        }
        if (head.remaining() >= 4 && head.get(0) == 'P' && head.get(1) == 'K' && head.get(2) == 3 && head.get(3) == 4) {
            return;
        }
        if ((head.get(0) & 0xff) == 0x80
                && head.remaining() >= 2 + LEGACY_MAGIC.length
                && ByteBuffer.wrap(LEGACY_MAGIC)
                        .equals(head.duplicate().position(2).limit(2 + LEGACY_MAGIC.length))) {
            throw new CheckpointFormatException(
                    file,
                    "legacy torch.save format (before PyTorch 1.6) is not supported;"
                            + " re-save it with a recent PyTorch (zip serialization)");
        }
        throw new CheckpointFormatException(file, "not a zip archive (no 'PK' signature); expected a torch.save file");
    }

    private static ZipEntry findPickle(Path file, ZipFile zip) throws IOException {
        long fileSize = Files.size(file);
        long declared = 0;
        List<ZipEntry> found = new ArrayList<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            String name = entry.getName();
            long stored = entry.getMethod() == ZipEntry.STORED ? entry.getSize() : entry.getCompressedSize();
            declared += Math.max(stored, 0);
            if (stored > fileSize || declared > fileSize) {
                throw new CheckpointFormatException(
                        file,
                        "zip entry " + name + " declares " + stored + " bytes, more than the " + fileSize
                                + "-byte file can hold (truncated or forged archive)");
            }
            if (entry.getMethod() == ZipEntry.DEFLATED
                    && entry.getSize() > entry.getCompressedSize() * MAX_DEFLATE_RATIO + MAX_DEFLATE_RATIO) {
                throw new CheckpointFormatException(
                        file,
                        "zip entry " + name + " declares " + entry.getSize()
                                + " bytes inflated from " + entry.getCompressedSize() + " compressed bytes, more than"
                                + " deflate can produce (forged archive or zip bomb)");
            }
            int slash = name.indexOf('/');
            if (name.endsWith("/data.pkl") && slash > 0 && slash == name.length() - "/data.pkl".length()) {
                found.add(entry);
            }
        }
        if (found.isEmpty()) {
            throw new CheckpointFormatException(file, "no '<folder>/data.pkl' entry; not a torch.save archive");
        }
        if (found.size() > 1) {
            throw new CheckpointFormatException(
                    file,
                    "several data.pkl entries (" + found.get(0).getName() + ", "
                            + found.get(1).getName() + ", ...); expected exactly one");
        }
        return found.get(0);
    }

    private void checkByteOrder() throws IOException {
        ZipEntry entry = zip.getEntry(top + "/byteorder");
        if (entry == null) {
            return;
        }
        String order;
        try (InputStream in = zip.getInputStream(entry)) {
            order = new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim();
        } catch (ZipException | EOFException e) {
            throw new CheckpointFormatException(
                    file,
                    "cannot read " + entry.getName() + ": " + e.getMessage() + " (truncated or corrupt archive)",
                    e);
        }
        if (order.equals("big")) {
            throw new CheckpointFormatException(
                    file, "big-endian tensor data (" + entry.getName() + ") is not supported");
        }
        if (!order.equals("little")) {
            throw new CheckpointFormatException(file, "unknown byte order '" + order + "' in " + entry.getName());
        }
    }

    /**
     * Unpickles {@code data.pkl}; tensors appear as {@link TensorRef} placeholders.
     *
     * @return the raw object graph
     */
    Object unpickle() throws IOException {
        long size = pickleEntry.getSize();
        if (size > MAX_PICKLE_BYTES) {
            throw new CheckpointFormatException(
                    file,
                    pickleEntry.getName() + " declares " + size + " bytes, more than the limit of " + MAX_PICKLE_BYTES);
        }
        byte[] pickle;
        try (InputStream in = zip.getInputStream(pickleEntry)) {
            pickle = in.readNBytes((int) MAX_PICKLE_BYTES + 1);
        } catch (ZipException | EOFException e) {
            throw new CheckpointFormatException(
                    file, "cannot read " + pickleEntry.getName() + ": " + e.getMessage(), e);
        }
        if (size >= 0 && pickle.length != size) {
            throw new CheckpointFormatException(
                    file, pickleEntry.getName() + " declares " + size + " bytes but holds " + pickle.length);
        }
        return TorchGlobals.register(RestrictedUnpickler.builder())
                .optPersistentLoader(this::storage)
                .build()
                .load(pickle, file, pickleEntry.getName());
    }

    /** Resolves {@code ('storage', storage_type, key, location, numel)}. */
    private Object storage(Object pid) {
        if (!(pid instanceof List) || ((List<?>) pid).size() != 5 || !"storage".equals(((List<?>) pid).get(0))) {
            throw new IllegalArgumentException("expected ('storage', type, key, location, numel)");
        }
        List<?> id = (List<?>) pid;
        if (!(id.get(1) instanceof StorageType)) {
            throw new IllegalArgumentException("storage type is " + Graphs.describe(id.get(1)));
        }
        if (!(id.get(2) instanceof String)
                || !STORAGE_KEY.matcher((String) id.get(2)).matches()) {
            throw new IllegalArgumentException("invalid storage key " + Graphs.describe(id.get(2)));
        }
        if (!(id.get(4) instanceof Long) || (Long) id.get(4) < 0) {
            throw new IllegalArgumentException("invalid storage size " + Graphs.describe(id.get(4)));
        }
        DType dtype = ((StorageType) id.get(1)).dtype;
        String key = (String) id.get(2);
        long numel = (Long) id.get(4);
        StorageRef known = storages.get(key);
        if (known != null) {
            if (known.dtype != dtype || known.numel != numel) {
                throw new IllegalArgumentException("storage " + key + " is declared twice with different"
                        + " types or sizes (" + known + " vs " + dtype + " x " + numel + ")");
            }
            return known;
        }
        String entryName = top + "/data/" + key;
        ZipEntry entry = zip.getEntry(entryName);
        if (entry == null) {
            throw new IllegalArgumentException("storage entry " + entryName + " is missing");
        }
        long expected;
        try {
            expected = Math.multiplyExact(numel, (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("storage " + key + " declares an impossible size " + numel, e);
        }
        if (entry.getSize() != expected) {
            throw new IllegalArgumentException("storage entry " + entryName + " holds " + entry.getSize()
                    + " bytes but its persistent id declares " + numel + " x " + dtype + " = " + expected + " bytes");
        }
        StorageRef ref = new StorageRef(key, dtype, numel, entry);
        storages.put(key, ref);
        return ref;
    }

    /**
     * Reads a tensor, making it contiguous.
     *
     * @param ref the validated view
     * @param name the name to give it
     * @return the tensor with its own bytes
     */
    TensorData materialize(TensorRef ref, String name) throws IOException {
        int el = ref.storage.dtype.byteSize();
        materialized += ref.numel * el;
        if (materialized > materializeBudget) {
            throw new CheckpointFormatException(
                    file,
                    "tensor '" + name + "' " + ref.storage.dtype
                            + java.util.Arrays.toString(ref.shape) + " brings the tensors read to " + materialized
                            + " bytes, more than twice the file size plus " + MAX_EXPANSION_BYTES
                            + " (views that repeat"
                            + " storage data far beyond what the file holds)");
        }
        long start = ref.offset * el;
        if (ref.isContiguous()) {
            byte[] bytes = read(ref.storage.entry, start, ref.numel * el);
            return TensorData.wrap(name, ref.storage.dtype, ref.shape, ByteBuffer.wrap(bytes));
        }
        long span = (ref.end - ref.offset) * el;
        if (span > TensorData.MAX_BYTES) {
            throw new CheckpointFormatException(
                    file,
                    "non-contiguous tensor '" + name + "' spans " + span
                            + " bytes of its storage; more than 2 GiB is not supported");
        }
        byte[] source = read(ref.storage.entry, start, span);
        return TensorData.wrap(name, ref.storage.dtype, ref.shape, ByteBuffer.wrap(gather(ref, source, el)));
    }

    /** Copies the elements of a strided view, in row-major order. */
    private static byte[] gather(TensorRef ref, byte[] source, int el) {
        int rank = ref.shape.length;
        byte[] out = new byte[(int) (ref.numel * el)];
        long[] index = new long[rank];
        long src = 0;
        for (long i = 0; i < ref.numel; i++) {
            System.arraycopy(source, (int) (src * el), out, (int) (i * el), el);
            for (int d = rank - 1; d >= 0; d--) {
                index[d]++;
                src += ref.stride[d];
                if (index[d] < ref.shape[d]) {
                    break;
                }
                src -= ref.stride[d] * ref.shape[d];
                index[d] = 0;
            }
        }
        return out;
    }

    private byte[] read(ZipEntry entry, long start, long length) throws IOException {
        byte[] bytes = new byte[(int) length];
        try (InputStream in = zip.getInputStream(entry)) {
            in.skipNBytes(start);
            int got = in.readNBytes(bytes, 0, bytes.length);
            if (got != bytes.length) {
                throw new CheckpointFormatException(
                        file,
                        "storage entry " + entry.getName() + " ends after " + (start + got)
                                + " bytes; expected at least " + (start + length));
            }
        } catch (ZipException | EOFException e) {
            throw new CheckpointFormatException(
                    file,
                    "cannot read storage entry " + entry.getName() + ": " + e.getMessage()
                            + " (truncated or corrupt archive)",
                    e);
        }
        return bytes;
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
