package org.simvtp.models.checkpoint;

/** A torch typed-storage class such as {@code torch.FloatStorage}: a name and an element type. */
final class StorageType {

    final String name;
    final DType dtype;

    StorageType(String name, DType dtype) {
        this.name = name;
        this.dtype = dtype;
    }

    @Override
    public String toString() {
        return "torch." + name;
    }
}
