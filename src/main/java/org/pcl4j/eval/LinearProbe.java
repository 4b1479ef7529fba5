package org.pcl4j.eval;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.Model;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linear probe (ALGORITHM.md §7): a linear classifier on frozen features, trained on the labelled train
 * split, reported on test. Instead of the reference's 100 epochs of SGD it solves the convex
 * problem with LIBLINEAR on scaled features ({@link LinearProbeConfig#scaling()}, standardised with train
 * statistics by default), choosing the cost C on a
 * stratified held-out part of the train split, then refitting on the whole train split.
 */
public final class LinearProbe {
    private static final Logger LOG = LoggerFactory.getLogger(LinearProbe.class);

    private LinearProbe() {}

    /**
     * @param recipe          the procedure in words, for the report
     * @param validationTop1  top-1 on the held-out part of train for each of {@code costs}
     * @param cost            the chosen C
     */
    public record LinearProbeResult(String recipe, String solver, double[] costs, double[] validationTop1, double cost,
                                    int trainSize, int testSize, int dim, double top1, double top5) implements EvalReport {
        @Override
        public Table table() {
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < costs.length; i++) {
                rows.add(List.of("val top-1 (C=" + costs[i] + ")", Table.fmt(validationTop1[i])));
            }
            rows.add(List.of("chosen C", String.valueOf(cost)));
            rows.add(List.of("test top-1", Table.fmt(top1)));
            rows.add(List.of("test top-5", Table.fmt(top5)));
            return new Table("Linear probe: " + recipe, List.of("metric", "value"), rows);
        }
    }

    public static LinearProbeResult evaluate(LabelledFeatures train, LabelledFeatures test, LinearProbeConfig config) {
        // Scores and samples have one slot per class: labels that are ids (e.g. 700000000) become 0..C-1.
        LabelledFeatures[] dense = LabelledFeatures.trainAndTest(train, test);
        train = dense[0];
        test = dense[1];
        int numClasses = Math.max(train.numClasses(), test.numClasses());
        FeatureScaling.Scaler s = config.scaling().fit(train);
        Feature[][] xTrain = Liblinear.vectors(train, s);
        Feature[][] xTest = Liblinear.vectors(test, s);

        // The cost search runs on a random subset (≤ searchRows): choosing among decades of C needs
        // far fewer rows than the final fit, which is the expensive part on 50k+ rows.
        int[] search = Sampling.subset(train.rows(), config.searchRows(), config.seed());
        int[][] split = Sampling.stratifiedSplit(Liblinear.gather(train.labels(), search), config.validationFraction(), config.seed());
        int[] fit = Liblinear.gather(search, split[0]);
        int[] held = Liblinear.gather(search, split[1]);
        double[] val = new double[config.costs().length];
        int best = 0;
        LOG.info("linear probe: choosing C among {} on {} train rows ({} held out)", java.util.Arrays.toString(config.costs()),
                fit.length, held.length);
        for (int i = 0; i < config.costs().length; i++) {
            long start = System.nanoTime();
            Model m = Liblinear.train(xTrain, train.labels(), fit, train.dim(), config.solver(), config.costs()[i], config.seed());
            val[i] = Accuracy.topK(Liblinear.scores(m, xTrain, held, numClasses), Liblinear.gather(train.labels(), held), 1);
            LOG.info("linear probe: C={} ({}/{}): validation top-1 {} ({} s)", config.costs()[i], i + 1, config.costs().length,
                    String.format("%.4f", val[i]), String.format("%.1f", (System.nanoTime() - start) / 1e9));
            if (val[i] > val[best]) {
                best = i;
            }
        }
        double cost = config.costs()[best];
        LOG.info("linear probe: refitting with C={} on all {} train rows ...", cost, train.rows());
        Model model = Liblinear.train(xTrain, train.labels(), null, train.dim(), config.solver(), cost, config.seed());
        double[][] scores = Liblinear.scores(model, xTest, null, numClasses);
        String recipe = String.format("LIBLINEAR %s on %s; C from %s by top-1 on a "
                        + "stratified %.0f%% held out of %d random train rows (seed %d), then refit on all of train",
                config.solver(), config.scaling().describe(), java.util.Arrays.toString(config.costs()), config.validationFraction() * 100, search.length, config.seed());
        return new LinearProbeResult(recipe, config.solver().name(), config.costs(), val, cost, train.rows(), test.rows(),
                train.dim(), Accuracy.topK(scores, test.labels(), 1), Accuracy.topK(scores, test.labels(), 5));
    }
}
