package org.pcl4j.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One INFO line per epoch with its losses, accuracies, throughput, E-step time and kNN figure. */
public final class EpochLogListener implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(PclTrainer.class);

    @Override
    public EpochMetrics onEpochEnd(PclTrainer trainer, EpochMetrics m) {
        LOG.info("epoch {}/{}: loss {} (instance {}, proto {}), acc {} / {}, {} img/s{}{}", m.epoch(), trainer.config().epochs(),
                fmt(m.loss()), fmt(m.lossInstance()), fmt(m.lossProto()), fmt(m.accInstance()), fmt(m.accProto()),
                Math.round(m.imagesPerS()), m.estepSeconds() == null ? "" : ", E-step " + fmt(m.estepSeconds()) + " s",
                m.knnTop1() == null ? "" : ", kNN top-1 " + fmt(m.knnTop1()));
        return m;
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format("%.4f", v);
    }
}
