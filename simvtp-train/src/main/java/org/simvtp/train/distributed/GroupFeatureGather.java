package org.simvtp.train.distributed;

import ai.djl.ndarray.NDArray;
import org.simvtp.models.objective.FeatureGather;

/**
 * {@link FeatureGather} over a process group: {@link Collectives#allGather} of feature rows, the local rows
 * keeping their gradient. Used by pre-training for global VTC negatives.
 *
 * <pre>{@code
 * FeatureGather gather = new GroupFeatureGather(group);
 * NDArray all = gather.allGather(features); // [size · b, D]
 * }</pre>
 */
public final class GroupFeatureGather implements FeatureGather {

    private final ProcessGroup group;

    /** Gathers over {@code group} (owned by the caller). */
    public GroupFeatureGather(ProcessGroup group) {
        this.group = group;
    }

    @Override
    public int worldSize() {
        return group.size();
    }

    @Override
    public int rank() {
        return group.rank();
    }

    @Override
    public NDArray allGather(NDArray local) {
        return Collectives.allGather(group, local);
    }
}
