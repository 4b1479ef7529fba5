package org.pcl4j.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.pcl4j.InputException;
import org.pcl4j.SettingException;

/** Seeded, class-balanced index sampling shared by the linear probe and the low-shot protocol. */
public final class Sampling {
    private Sampling() {}

    /** Indices of each class, in index order. */
    static List<List<Integer>> byClass(int[] labels, int numClasses) {
        List<List<Integer>> out = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            out.get(labels[i]).add(i);
        }
        return out;
    }

    /** Fisher-Yates shuffle of a copy. */
    static int[] shuffled(List<Integer> items, SplittableRandom rng) {
        int[] a = items.stream().mapToInt(Integer::intValue).toArray();
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /**
     * Exactly {@code k} indices of every class present in {@code labels}, drawn without replacement
     * with {@code seed}, sorted by class then draw order.
     *
     * @throws InputException if a class has fewer than {@code k} examples
     */
    public static int[] perClass(int[] labels, int k, long seed) {
        int numClasses = Arrays.stream(labels).max().orElse(-1) + 1;
        SplittableRandom rng = new SplittableRandom(seed);
        int[] out = new int[0];
        int n = 0;
        for (List<Integer> members : byClass(labels, numClasses)) {
            if (members.isEmpty()) {
                continue;
            }
            if (members.size() < k) {
                throw new SettingException("labels", "{labels}: a class has " + members.size() + " examples, fewer than the " + k + " per class asked for");
            }
            int[] s = shuffled(members, rng);
            out = Arrays.copyOf(out, n + k);
            System.arraycopy(s, 0, out, n, k);
            n += k;
        }
        return out;
    }

    /**
     * Splits {@code 0..labels.length-1} into (fit, held-out): in every class the first
     * {@code round(fraction * size)} of a seeded shuffle are held out (at least one when the class has two or more).
     */
    static int[][] stratifiedSplit(int[] labels, double fraction, long seed) {
        int numClasses = Arrays.stream(labels).max().orElse(-1) + 1;
        SplittableRandom rng = new SplittableRandom(seed);
        List<Integer> fit = new ArrayList<>();
        List<Integer> held = new ArrayList<>();
        for (List<Integer> members : byClass(labels, numClasses)) {
            int[] s = shuffled(members, rng);
            int h = s.length < 2 ? 0 : Math.max(1, (int) Math.round(fraction * s.length));
            for (int i = 0; i < s.length; i++) {
                (i < h ? held : fit).add(s[i]);
            }
        }
        return new int[][] {fit.stream().mapToInt(Integer::intValue).toArray(), held.stream().mapToInt(Integer::intValue).toArray()};
    }

    /** {@code m} distinct indices of {@code 0..n-1} drawn with {@code seed}, ascending (all of them when m ≥ n). */
    public static int[] subset(int n, int m, long seed) {
        if (m >= n) {
            return java.util.stream.IntStream.range(0, n).toArray();
        }
        int[] pick = shuffled(java.util.stream.IntStream.range(0, n).boxed().toList(), new SplittableRandom(seed));
        int[] out = Arrays.copyOf(pick, m);
        Arrays.sort(out);
        return out;
    }
}
