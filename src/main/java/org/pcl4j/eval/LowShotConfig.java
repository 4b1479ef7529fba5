package org.pcl4j.eval;

import de.bwaldvogel.liblinear.SolverType;
import java.util.Arrays;
import org.pcl4j.SettingException;

/**
 * Low-shot linear SVM protocol (ALGORITHM.md §7): for each k in {@code shots}, {@code draws} seeded draws
 * of exactly k labelled train images per class.
 *
 * @param costs        candidate SVM costs, chosen per draw by stratified cross-validation on the
 *                     k-shot sample itself (folds = min(k, maxFolds)); with k = 1 there is nothing
 *                     to cross-validate and {@code oneShotCost} is used
 * @param meanAp       also report per-class one-vs-rest mean average precision on test
 * @param scaling      how features are scaled before the SVM (statistics, if any, from the whole train split)
 */
public record LowShotConfig(int[] shots, int draws, long seed, double[] costs, int maxFolds, double oneShotCost,
                            SolverType solver, boolean meanAp, FeatureScaling scaling) {
    public static final int[] DEFAULT_SHOTS = {1, 2, 4, 8, 16};
    public static final int DEFAULT_DRAWS = 5;
    public static final long DEFAULT_SEED = 0;
    public static final double[] DEFAULT_COSTS = {0.001, 0.01, 0.1, 1.0, 10.0};
    public static final int DEFAULT_MAX_FOLDS = 5;
    public static final double DEFAULT_ONE_SHOT_COST = 1.0;
    /** A linear SVM: L2-regularised squared hinge loss, LIBLINEAR's dual solver (the paper's recipe, after Goyal et al. 2019). */
    public static final SolverType DEFAULT_SOLVER = SolverType.L2R_L2LOSS_SVC_DUAL;
    /**
     * Standardised, as the linear probe. The reference's SVM evaluation L2-normalises instead
     * ({@link FeatureScaling#L2}, ALGORITHM.md §8.5): on Fashion-MNIST that lowers learned features' 1-shot
     * accuracy by 0.02–0.03 and raises raw pixels' (docs/BENCHMARKS.md, "Feature scaling").
     */
    public static final FeatureScaling DEFAULT_SCALING = FeatureScaling.STANDARDISE;

    public LowShotConfig {
        if (shots.length == 0 || Arrays.stream(shots).anyMatch(k -> k < 1)) {
            throw new SettingException("shots", "{shots}: expected values >= 1, got " + Arrays.toString(shots));
        }
        if (draws < 1) {
            throw new SettingException("draws", "{draws}: expected at least 1 draw per k, got " + draws);
        }
        if (maxFolds < 2) {
            throw new SettingException("maxFolds", "{maxFolds}: expected at least 2 cross-validation folds, got " + maxFolds);
        }
        LinearProbeConfig.requireClassifier(solver);
        LinearProbeConfig.requirePositive(costs);
        if (!(oneShotCost > 0) || Double.isInfinite(oneShotCost)) {
            throw new SettingException("oneShotCost", "{oneShotCost}: expected a finite cost > 0, got " + oneShotCost);
        }
        if (scaling == null) {
            throw new IllegalArgumentException("scaling: expected one of " + Arrays.toString(FeatureScaling.values()));
        }
        shots = shots.clone();
        costs = costs.clone();
    }

    public static LowShotConfig defaults() {
        return new LowShotConfig(DEFAULT_SHOTS, DEFAULT_DRAWS, DEFAULT_SEED, DEFAULT_COSTS, DEFAULT_MAX_FOLDS,
                DEFAULT_ONE_SHOT_COST, DEFAULT_SOLVER, false, DEFAULT_SCALING);
    }

    public LowShotConfig withShots(int... k) {
        return new LowShotConfig(k, draws, seed, costs, maxFolds, oneShotCost, solver, meanAp, scaling);
    }

    public LowShotConfig withDraws(int n) {
        return new LowShotConfig(shots, n, seed, costs, maxFolds, oneShotCost, solver, meanAp, scaling);
    }

    public LowShotConfig withSeed(long s) {
        return new LowShotConfig(shots, draws, s, costs, maxFolds, oneShotCost, solver, meanAp, scaling);
    }

    public LowShotConfig withMeanAp(boolean m) {
        return new LowShotConfig(shots, draws, seed, costs, maxFolds, oneShotCost, solver, m, scaling);
    }

    public LowShotConfig withScaling(FeatureScaling f) {
        return new LowShotConfig(shots, draws, seed, costs, maxFolds, oneShotCost, solver, meanAp, f);
    }

    /** Seed of draw {@code d} for k shots: distinct per (k, d), reproducible from {@code seed}. */
    long drawSeed(int k, int d) {
        return seed * 1_000_003L + k * 1_009L + d;
    }
}
