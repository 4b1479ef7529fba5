package org.pcl4j.eval;

import de.bwaldvogel.liblinear.SolverType;
import java.util.Arrays;
import org.pcl4j.SettingException;

/**
 * Recipe of the linear probe (ALGORITHM.md §7): scaled (by default standardised) frozen features, a
 * LIBLINEAR linear classifier, its cost chosen on a held-out part of the train split.
 *
 * @param solver             LIBLINEAR solver (default L2-regularised L2-loss linear SVM, dual)
 * @param costs              candidate costs C, tried in order; the best validation top-1 wins (first on ties)
 * @param validationFraction part of the train split held out to choose C, stratified per class
 * @param seed               seeds the validation split and the solver's shuffling
 * @param searchRows         the cost search uses a stratified random subset of at most this many train rows
 *                           (its own held-out part included); the final fit uses all of them
 * @param scaling            how features are scaled before the fit (statistics from the train split)
 */
public record LinearProbeConfig(SolverType solver, double[] costs, double validationFraction, long seed, int searchRows,
                                FeatureScaling scaling) {
    /** L2-regularised L2-loss linear SVM, primal (trust-region Newton): LIBLINEAR's advice when rows ≫ dimensions. */
    public static final SolverType DEFAULT_SOLVER = SolverType.L2R_L2LOSS_SVC;
    public static final int DEFAULT_SEARCH_ROWS = 10_000;
    public static final double[] DEFAULT_COSTS = {0.001, 0.01, 0.1, 1.0};
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;
    public static final long DEFAULT_SEED = 0;
    /** Standardised: a linear classifier on many labels gains from equalising the dimensions' scales. */
    public static final FeatureScaling DEFAULT_SCALING = FeatureScaling.STANDARDISE;

    public LinearProbeConfig {
        requireClassifier(solver);
        requirePositive(costs);
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in (0, 1), got " + validationFraction);
        }
        if (searchRows < 2) {
            throw new IllegalArgumentException("searchRows must be >= 2, got " + searchRows);
        }
        if (scaling == null) {
            throw new IllegalArgumentException("scaling: expected one of " + java.util.Arrays.toString(FeatureScaling.values()));
        }
        costs = costs.clone();
    }

    /**
     * A LIBLINEAR solver that classifies: its regression ({@code *_SVR*}) and one-class solvers fit no labels, so a
     * probe with them failed deep inside LIBLINEAR (a NullPointerException) after the features were made.
     */
    static void requireClassifier(SolverType solver) {
        if (solver == null || solver.isSupportVectorRegression() || solver.isOneClass()) {
            throw new SettingException("solver", "{solver}: expected a LIBLINEAR classifier ("
                    + Arrays.stream(SolverType.values()).filter(t -> !t.isSupportVectorRegression() && !t.isOneClass())
                            .map(Enum::name).collect(java.util.stream.Collectors.joining(", "))
                    + "), got " + solver + (solver == null ? "" : solver.isOneClass() ? ", a one-class solver" : ", a regression solver"));
        }
    }

    /** The candidate costs of a LIBLINEAR protocol: at least one, each a finite number > 0; an error names the first that is not. */
    static void requirePositive(double[] costs) {
        if (costs.length == 0) {
            throw new SettingException("costs", "{costs}: expected at least one cost");
        }
        for (double c : costs) {
            if (!(c > 0) || Double.isInfinite(c)) {
                throw new SettingException("costs", "{costs}: every cost must be a finite number > 0, got " + c + " in " + Arrays.toString(costs));
            }
        }
    }

    public static LinearProbeConfig defaults() {
        return new LinearProbeConfig(DEFAULT_SOLVER, DEFAULT_COSTS, DEFAULT_VALIDATION_FRACTION, DEFAULT_SEED, DEFAULT_SEARCH_ROWS, DEFAULT_SCALING);
    }

    public LinearProbeConfig withCosts(double... c) {
        return new LinearProbeConfig(solver, c, validationFraction, seed, searchRows, scaling);
    }

    public LinearProbeConfig withSolver(SolverType s) {
        return new LinearProbeConfig(s, costs, validationFraction, seed, searchRows, scaling);
    }

    public LinearProbeConfig withSeed(long s) {
        return new LinearProbeConfig(solver, costs, validationFraction, s, searchRows, scaling);
    }

    public LinearProbeConfig withScaling(FeatureScaling f) {
        return new LinearProbeConfig(solver, costs, validationFraction, seed, searchRows, f);
    }
}
