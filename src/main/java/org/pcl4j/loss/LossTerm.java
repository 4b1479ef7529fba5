package org.pcl4j.loss;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.pcl4j.model.Scoped;
import org.pcl4j.tensor.Tensors;

/**
 * One contrastive term of the PCL loss (spec §3.4).
 *
 * @param loss     scalar cross-entropy, still connected to the gradient graph of q
 * @param accuracy top-1 accuracy of the positive, in [0,1]
 */
public record LossTerm(NDArray loss, float accuracy) {

    /**
     * The mean of several terms, e.g. the prototype terms of the M granularities (spec §3.4:
     * (1/M) Σ_m CE(proto_m)); accuracy is averaged too.
     */
    public static LossTerm mean(List<LossTerm> terms) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("no loss terms to average");
        }
        float accuracy = 0f;
        for (LossTerm t : terms) {
            accuracy += t.accuracy();
        }
        NDArray loss = Scoped.compute(() -> {
            NDArray sum = terms.get(0).loss();
            for (int m = 1; m < terms.size(); m++) {
                sum = sum.add(terms.get(m).loss());
            }
            return Tensors.div(sum, terms.size());
        });
        return new LossTerm(loss, accuracy / terms.size());
    }
}
