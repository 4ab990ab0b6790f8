package org.simvtp.train.distributed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.simvtp.train.parallel.GradientReducer;
import org.simvtp.train.parallel.LocalGradientReducer;

/**
 * Averages gradients over the replicas of this process and then over all processes of a {@link ProcessGroup}
 * (normally a {@link GlooProcessGroup}): first the local mean ({@link LocalGradientReducer}), then a bucketed
 * all-reduce mean of replica 0's gradients across processes, then a copy into the other local replicas. The result
 * is the mean over all {@code size × replicas} replicas when every process has the same number of replicas.
 *
 * <p>CPU gradients are reduced in place through views of their storage; gradients on other devices are staged
 * through host buffers (see docs/distributed.md for the measured cost).
 *
 * <pre>{@code
 * GradientReducer reducer = new GlooGradientReducer(group);
 * reducer.allReduceMean(List.of(gradsOfReplica0));    // now the mean over every rank
 * }</pre>
 */
public final class GlooGradientReducer implements GradientReducer {
    private static final NDIndex ALL = new NDIndex("...");

    private final ProcessGroup group;
    private final LocalGradientReducer local = new LocalGradientReducer();

    /**
     * Creates a reducer over {@code group}.
     *
     * @param group the processes; its bucket size applies
     */
    public GlooGradientReducer(ProcessGroup group) {
        this.group = group;
    }

    /** The process group. */
    public ProcessGroup group() {
        return group;
    }

    /** {@inheritDoc} */
    @Override
    public void allReduceMean(List<Map<String, NDArray>> perReplicaGrads) {
        local.allReduceMean(perReplicaGrads);
        Map<String, NDArray> first = perReplicaGrads.get(0);
        Collectives.allReduceMean(group, new ArrayList<>(first.values()));
        for (int r = 1; r < perReplicaGrads.size(); r++) {
            Map<String, NDArray> other = perReplicaGrads.get(r);
            first.forEach((name, g) ->
                    other.get(name).set(ALL, g.toDevice(other.get(name).getDevice(), false)));
        }
    }
}
