package io.digits.trainer;

import java.util.random.RandomGenerator;

/** A random change to a training image (784 floats of ink 0..1, row-major), drawn afresh per image per epoch. */
@FunctionalInterface
public interface Augmentation {
    /** No change. */
    Augmentation NONE = (image, random) -> image;

    /** A changed copy of {@code image}, or {@code image} itself when this draw changes nothing. */
    float[] augment(float[] image, RandomGenerator random);

    /** This augmentation, then {@code next} on its result. */
    default Augmentation andThen(Augmentation next) {
        return (image, random) -> next.augment(augment(image, random), random);
    }
}
