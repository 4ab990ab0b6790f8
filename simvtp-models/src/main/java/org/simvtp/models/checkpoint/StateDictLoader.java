package org.simvtp.models.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.simvtp.models.nn.ReferenceBlock;

/**
 * Copies named tensors into a model's parameters by reference name, upcasting half precision to float32, and
 * reports what matched (non-strict, like PyTorch's {@code strict=False}).
 *
 * <pre>{@code
 * LoadReport report = StateDictLoader.load(model, tensors, name -> name);
 * report.requireExact("checkpoint.pth");
 * }</pre>
 */
public final class StateDictLoader {

    /** Buffers that reference checkpoints may contain but that are not parameters. */
    private static final Set<String> TOLERATED_SUFFIXES = Set.of("position_ids");

    private StateDictLoader() {}

    /**
     * Loads {@code tensors} into {@code model}.
     *
     * @param model an initialised model
     * @param tensors file entries by name
     * @param rename maps a file name to a model parameter name, or to null to skip the entry
     * @return the load report
     */
    public static LoadReport load(ReferenceBlock model, Map<String, NDArray> tensors, UnaryOperator<String> rename) {
        Map<String, Parameter> params = model.namedParameters();
        List<String> loaded = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            String fileName = e.getKey();
            String name = rename.apply(fileName);
            Parameter p = name == null ? null : params.get(name);
            if (p == null) {
                if (name == null || TOLERATED_SUFFIXES.stream().anyMatch(fileName::endsWith)) {
                    ignored.add(fileName);
                } else {
                    unexpected.add(fileName);
                }
                continue;
            }
            NDArray target = p.getArray();
            NDArray value = e.getValue();
            if (!target.getShape().equals(value.getShape())) {
                mismatches.add(fileName + ": file " + value.getShape() + " vs model " + target.getShape());
                continue;
            }
            NDArray converted = value.getDataType() == DataType.FLOAT32 ? value : value.toType(DataType.FLOAT32, false);
            copyInto(target, converted);
            if (converted != value) {
                converted.close();
            }
            loaded.add(name);
            seen.add(name);
        }
        List<String> missing = new ArrayList<>();
        for (String name : params.keySet()) {
            if (!seen.contains(name)) {
                missing.add(name);
            }
        }
        return new LoadReport(
                List.copyOf(loaded),
                List.copyOf(missing),
                List.copyOf(unexpected),
                List.copyOf(ignored),
                List.copyOf(mismatches));
    }

    /**
     * Copies {@code value} into {@code target} in place (same shape), with grad mode off so a parameter that
     * requires grad may be written. This is a full-slice index put ({@code target[:, ..., :] = value}) rather than
     * {@code NDArray.set(Buffer)}: DJL's
     * PyTorch JNI implements the latter under the deprecated {@code at::AutoNonVariableTypeMode} guard, whose
     * constructor prints PyTorch's one-time "AutoNonVariableTypeMode is deprecated" warning on stderr.
     */
    static void copyInto(NDArray target, NDArray value) {
        boolean grad = JniUtils.isGradMode();
        if (grad) {
            JniUtils.setGradMode(false);
        }
        try {
            int rank = target.getShape().dimension();
            if (rank == 0) {
                target.set(value.toByteBuffer()); // no slice to put into; scalars are not SimVTP parameters
            } else {
                NDIndex all = new NDIndex();
                for (int d = 0; d < rank; d++) {
                    all.addSliceDim(0, target.getShape().get(d));
                }
                target.set(all, value);
            }
        } finally {
            if (grad) {
                JniUtils.setGradMode(true);
            }
        }
    }
}
