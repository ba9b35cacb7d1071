package io.digits.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Splits labelled data into training and validation indices with the same share of every class in the
 * validation part (as scikit-learn's stratified {@code train_test_split}), reproducibly for a seed.
 *
 * @param train      indices of the training part, in a random order
 * @param validation indices of the validation part, in a random order
 */
public record StratifiedSplit(int[] train, int[] validation) {

    /** Holds out {@code fraction} (rounded) of each class's indices, chosen at random with {@code seed}. */
    public static StratifiedSplit of(byte[] labels, int classes, double fraction, long seed) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (List<Integer> members : byClass) {
            int[] shuffled = members.stream().mapToInt(Integer::intValue).toArray();
            shuffle(shuffled, random);
            int held = (int) Math.round(shuffled.length * fraction);
            for (int k = 0; k < shuffled.length; k++) {
                (k < held ? validation : train).add(shuffled[k]);
            }
        }
        int[] t = train.stream().mapToInt(Integer::intValue).toArray();
        int[] v = validation.stream().mapToInt(Integer::intValue).toArray();
        shuffle(t, random);
        shuffle(v, random);
        return new StratifiedSplit(t, v);
    }

    /** Fisher-Yates in place. */
    static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }
}
