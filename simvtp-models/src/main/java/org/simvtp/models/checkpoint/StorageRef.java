package org.simvtp.models.checkpoint;

import java.util.zip.ZipEntry;

/** A torch storage named by a persistent id: its element type, size and zip entry. */
final class StorageRef {

    final String key;
    final DType dtype;
    final long numel;
    final ZipEntry entry;

    StorageRef(String key, DType dtype, long numel, ZipEntry entry) {
        this.key = key;
        this.dtype = dtype;
        this.numel = numel;
        this.entry = entry;
    }

    @Override
    public String toString() {
        return "storage " + key + " (" + dtype + " x " + numel + ")";
    }
}
