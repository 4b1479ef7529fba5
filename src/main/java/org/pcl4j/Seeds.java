package org.pcl4j;

import java.util.function.IntUnaryOperator;

/**
 * The one way pcl4j derives seeds: the run's {@code --seed} mixed with coordinates (a purpose, an
 * epoch, a step, a sample index, a granularity) through chained SplitMix64 finalisers, so that every
 * random stream is reproducible from the seed alone and neighbouring coordinates give unrelated
 * streams. {@code mix(s, a, b)} is {@code f(f(f(s) ^ a) ^ b)} with {@code f} the SplitMix64 finaliser.
 *
 * <p>Streams that share coordinates (the same epoch, say) are kept apart by a purpose tag as their
 * first coordinate: {@link #KMEANS}, {@link #PROTO_NEGATIVES}, {@link #KEY_SHUFFLE}. The data loader's streams, older than
 * the tags, use {@code mix(seed, epoch, index)} untagged; the tags are far outside any epoch number.
 */
public final class Seeds {
    /** Purpose tag: the E-step's k-means of one epoch ({@code mix(seed, KMEANS, epoch)}). */
    public static final long KMEANS = 0x4B4D45414E53L; // "KMEANS"
    /** Purpose tag: the ProtoNCE negative prototypes of one step ({@code mix(seed, PROTO_NEGATIVES, epoch, step, m)}). */
    public static final long PROTO_NEGATIVES = 0x50524F544F4EL; // "PROTON"
    /** Purpose tag: the Shuffle-BN permutation of one step's key batch ({@code mix(seed, KEY_SHUFFLE, epoch, step)}). */
    public static final long KEY_SHUFFLE = 0x4B5348554646L; // "KSHUFF"

    private Seeds() {}

    /** The SplitMix64 finaliser of {@code z + golden gamma}: a bijection that spreads every input bit. */
    public static long splitmix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** {@code seed} mixed with one coordinate. */
    public static long mix(long seed, long a) {
        return splitmix(splitmix(seed) ^ a);
    }

    /** {@code seed} mixed with two coordinates. */
    public static long mix(long seed, long a, long b) {
        return splitmix(mix(seed, a) ^ b);
    }

    /** {@code seed} mixed with any number of coordinates, in order. */
    public static long mix(long seed, long... coordinates) {
        long h = splitmix(seed);
        for (long c : coordinates) {
            h = splitmix(h ^ c);
        }
        return h;
    }

    /**
     * A uniform random permutation of 0..n-1 (Fisher–Yates), drawing from {@code nextInt(bound)} of
     * a generator the caller seeded: the one shuffle of the data loader's epoch order and of
     * Shuffle-BN's key batch.
     */
    public static int[] permutation(int n, IntUnaryOperator nextInt) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt.applyAsInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
