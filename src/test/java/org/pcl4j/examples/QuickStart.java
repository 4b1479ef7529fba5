package org.pcl4j.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.pcl4j.data.DataSpec;
import org.pcl4j.data.ImageSource;
import org.pcl4j.data.ImageSources;
import org.pcl4j.data.SourceOptions;
import org.pcl4j.data.Split;
import org.pcl4j.model.Encoder;
import org.pcl4j.model.FeatureExtractor;
import org.pcl4j.train.Pcl;
import org.pcl4j.train.Preset;

/**
 * The README's "Using pcl4j from Java" example, compiled and run by {@link QuickStartTest}.
 * Usage: {@code QuickStart [SPEC [IMAGES [EPOCHS]]]}, e.g. {@code QuickStart folder:/data/photos 5000 20}.
 */
public final class QuickStart {
    private QuickStart() {}

    public static void main(String[] args) {
        String spec = args.length > 0 ? args[0] : "fashion-mnist";
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        float[] first = embedAfterTraining(spec, images, epochs);
        System.out.printf("embedding of image 0: [%.3f, %.3f, %.3f, ...]%n", first[0], first[1], first[2]);
    }

    /** Trains PCL v2 on the first {@code n} images of {@code spec}; returns the embedding of image 0. */
    static float[] embedAfterTraining(String spec, int n, int epochs) {
        // Any ImageSource will do: a Debian data set, CIFAR batches, or a folder of your own images.
        ImageSource train = ImageSources.limit(DataSpec.parse(spec).open(Split.TRAIN, SourceOptions.defaults()), n);

        // Defaults follow the paper and scale with the data; anything can be overridden.
        try (Encoder encoder = Pcl.builder(train)
                .preset(Preset.PCL_V2)
                .epochs(epochs)
                .seed(42)
                .configure(c -> c.batchSize(64).warmupEpochs(1).emaMomentum(0.99f))
                .build()
                .fit();                                   // the trainer is closed; the encoder is ours
             NDManager manager = NDManager.newBaseManager()) {
            NDArray embeddings = FeatureExtractor.embed(encoder, train, manager); // n × 128, L2-normalised
            return embeddings.get(0).toFloatArray();
        }
    }
}
