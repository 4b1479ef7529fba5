package org.pcl4j.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.pcl4j.cluster.Prototypes;
import org.pcl4j.tensor.Tensors;

/**
 * One granularity of an E-step as the M-step uses it: the L2-normalised prototypes (K×dim), their
 * concentrations φ (K) and every training image's cluster (N, looked up by image index).
 */
public record PrototypeTensors(NDArray prototypes, NDArray concentration, int[] assignments) {

    /** The tensors of {@code p} in {@code manager} (on its device); closed with that manager. */
    public static PrototypeTensors of(Prototypes p, NDManager manager) {
        return new PrototypeTensors(Tensors.of(manager, p.centroids(), new Shape(p.k(), p.dim())),
                Tensors.of(manager, p.concentration()), p.assignments());
    }

    /** Number of prototypes K. */
    public int k() {
        return (int) prototypes.getShape().get(0);
    }
}
