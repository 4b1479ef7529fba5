package org.pcl4j.eval;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Low-shot classification (ALGORITHM.md §7): a linear SVM trained on k labelled images per class,
 * repeated over seeded draws, reported as mean ± std of test top-1 (and optionally one-vs-rest mAP).
 * Features are scaled by {@link LowShotConfig#scaling()} (standardised by default; statistics, where a
 * scaling has any, from the whole train split, no labels used); the cost is chosen on the k-shot sample
 * only, so the test split never influences a choice.
 */
public final class LowShot {
    private LowShot() {}

    /**
     * One k: per-draw top-1 and chosen cost; std is the population std (numpy's default ddof=0).
     *
     * @param meanMap, stdMap, mapPerDraw null unless mAP was asked for
     */
    public record Shot(int k, double meanTop1, double stdTop1, double[] top1PerDraw, double[] costPerDraw,
                       Double meanMap, Double stdMap, double[] mapPerDraw) {}

    /** Every shot count's outcome, with the recipe and the sizes it ran on. */
    public record LowShotResult(String recipe, int trainSize, int testSize, int numClasses, List<Shot> shots) implements EvalReport {
        @Override
        public Table table() {
            boolean map = !shots.isEmpty() && shots.get(0).meanMap() != null;
            List<String> header = new ArrayList<>(List.of("k per class", "top-1 mean", "± std"));
            if (map) {
                header.addAll(List.of("mAP mean", "± std"));
            }
            List<List<String>> rows = new ArrayList<>();
            for (Shot s : shots) {
                List<String> r = new ArrayList<>(List.of(String.valueOf(s.k()), Table.fmt(s.meanTop1()), Table.fmt(s.stdTop1())));
                if (map) {
                    r.addAll(List.of(Table.fmt(s.meanMap()), Table.fmt(s.stdMap())));
                }
                rows.add(r);
            }
            return new Table("Low-shot linear SVM: " + recipe, header, rows);
        }
    }

    public static LowShotResult evaluate(LabelledFeatures train, LabelledFeatures test, LowShotConfig config) {
        // Scores and samples have one slot per class: labels that are ids (e.g. 700000000) become 0..C-1.
        LabelledFeatures[] dense = LabelledFeatures.trainAndTest(train, test);
        train = dense[0];
        test = dense[1];
        int numClasses = Math.max(train.numClasses(), test.numClasses());
        FeatureScaling.Scaler s = config.scaling().fit(train);
        Feature[][] xTrain = Liblinear.vectors(train, s);
        Feature[][] xTest = Liblinear.vectors(test, s);
        List<Shot> shots = new ArrayList<>();
        for (int k : config.shots()) {
            double[] top1 = new double[config.draws()];
            double[] cost = new double[config.draws()];
            double[] map = config.meanAp() ? new double[config.draws()] : null;
            for (int d = 0; d < config.draws(); d++) {
                long seed = config.drawSeed(k, d);
                int[] sample = Sampling.perClass(train.labels(), k, seed);
                cost[d] = chooseCost(xTrain, train.labels(), sample, k, train.dim(), config, seed);
                Model m = Liblinear.train(xTrain, train.labels(), sample, train.dim(), config.solver(), cost[d], seed);
                double[][] scores = Liblinear.scores(m, xTest, null, numClasses);
                top1[d] = Accuracy.topK(scores, test.labels(), 1);
                if (map != null) {
                    map[d] = Accuracy.meanAveragePrecision(scores, test.labels(), numClasses);
                }
            }
            shots.add(new Shot(k, mean(top1), std(top1), top1, cost,
                    map == null ? null : mean(map), map == null ? null : std(map), map));
        }
        String recipe = String.format("LIBLINEAR %s on %s, %d draws per k (seed %d); C from %s by "
                        + "stratified min(k,%d)-fold cross-validation on the k-shot sample (C=%s for k=1)",
                config.solver(), config.scaling().describe(), config.draws(), config.seed(), Arrays.toString(config.costs()),
                config.maxFolds(), config.oneShotCost());
        return new LowShotResult(recipe, train.rows(), test.rows(), numClasses, shots);
    }

    /**
     * Cross-validated cost on the sample alone. {@link Sampling#perClass} lists each class's k draws
     * in random order, so "position within class mod folds" is a random stratified fold.
     */
    static double chooseCost(Feature[][] x, int[] labels, int[] sample, int k, int dim, LowShotConfig config, long seed) {
        if (k < 2 || config.costs().length == 1) {
            return k < 2 ? config.oneShotCost() : config.costs()[0];
        }
        int folds = Math.min(k, config.maxFolds());
        int[] fold = new int[sample.length];
        for (int i = 0; i < sample.length; i++) {
            fold[i] = (i % k) % folds;
        }
        double bestCost = config.costs()[0];
        int bestHits = -1;
        int numClasses = Arrays.stream(labels).max().orElse(-1) + 1;
        for (double c : config.costs()) {
            int hits = 0;
            for (int f = 0; f < folds; f++) {
                final int ff = f;
                int[] fit = java.util.stream.IntStream.range(0, sample.length).filter(i -> fold[i] != ff).map(i -> sample[i]).toArray();
                int[] held = java.util.stream.IntStream.range(0, sample.length).filter(i -> fold[i] == ff).map(i -> sample[i]).toArray();
                Model m = Liblinear.train(x, labels, fit, dim, config.solver(), c, seed);
                double[][] scores = Liblinear.scores(m, x, held, numClasses);
                int[] y = Liblinear.gather(labels, held);
                for (int i = 0; i < held.length; i++) {
                    hits += Accuracy.inTopK(scores[i], y[i], 1) ? 1 : 0;
                }
            }
            if (hits > bestHits) {
                bestHits = hits;
                bestCost = c;
            }
        }
        return bestCost;
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(0);
    }

    static double std(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).average().orElse(0));
    }
}
