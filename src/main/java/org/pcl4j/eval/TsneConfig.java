package org.pcl4j.eval;

/**
 * Settings of Barnes-Hut t-SNE (van der Maaten, JMLR 2014); defaults are those of the reference
 * implementation and scikit-learn.
 *
 * @param perplexity             effective number of neighbours of each point's Gaussian; 3·perplexity neighbours are kept
 * @param iterations             gradient steps
 * @param theta                  Barnes-Hut accuracy: a cell of width w at distance r is one body when w / r &lt; theta (0 = exact)
 * @param learningRate           step size; ≤ 0 means scikit-learn's "auto", max(N / exaggeration / 4, 50)
 * @param earlyExaggeration      factor on the attractive forces during the first {@code exaggerationIterations}
 * @param exaggerationIterations also when the momentum switches from 0.5 to 0.8
 * @param seed                   seeds the initial layout
 */
public record TsneConfig(double perplexity, int iterations, double theta, double learningRate, double earlyExaggeration,
                         int exaggerationIterations, long seed) {
    public static final double DEFAULT_PERPLEXITY = 30;
    public static final int DEFAULT_ITERATIONS = 1000;
    public static final double DEFAULT_THETA = 0.5;
    public static final double DEFAULT_EARLY_EXAGGERATION = 12;
    public static final int DEFAULT_EXAGGERATION_ITERATIONS = 250;

    public TsneConfig {
        if (!(perplexity > 0) || Double.isInfinite(perplexity)) {
            throw new IllegalArgumentException("expected a finite perplexity > 0, got " + perplexity);
        }
        if (iterations < 1 || theta < 0 || !(earlyExaggeration >= 1) || exaggerationIterations < 0) {
            throw new IllegalArgumentException("t-SNE: iterations >= 1, theta >= 0, exaggeration >= 1 required, got " + iterations + ", "
                    + theta + ", " + earlyExaggeration);
        }
    }

    public static TsneConfig defaults() {
        return new TsneConfig(DEFAULT_PERPLEXITY, DEFAULT_ITERATIONS, DEFAULT_THETA, 0, DEFAULT_EARLY_EXAGGERATION,
                DEFAULT_EXAGGERATION_ITERATIONS, 0);
    }

    public TsneConfig withIterations(int n) {
        return new TsneConfig(perplexity, n, theta, learningRate, earlyExaggeration, exaggerationIterations, seed);
    }

    public TsneConfig withPerplexity(double p) {
        return new TsneConfig(p, iterations, theta, learningRate, earlyExaggeration, exaggerationIterations, seed);
    }

    public TsneConfig withSeed(long s) {
        return new TsneConfig(perplexity, iterations, theta, learningRate, earlyExaggeration, exaggerationIterations, s);
    }
}
