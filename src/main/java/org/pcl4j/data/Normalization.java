package org.pcl4j.data;

/** Per-channel mean and standard deviation (on the [0,1] scale) applied after augmentation. */
public record Normalization(float[] mean, float[] std) {
    public static final Normalization FASHION_MNIST = new Normalization(new float[] {0.2860f}, new float[] {0.3530f});
    public static final Normalization MNIST = new Normalization(new float[] {0.1307f}, new float[] {0.3081f});
    public static final Normalization CIFAR10 =
            new Normalization(new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});
    public static final Normalization CIFAR100 =
            new Normalization(new float[] {0.5071f, 0.4865f, 0.4409f}, new float[] {0.2673f, 0.2564f, 0.2762f});
    /** The ImageNet statistics that the reference uses; the default for folders of photos. */
    public static final Normalization IMAGENET =
            new Normalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    public int channels() {
        return mean.length;
    }
}
