package org.pcl4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.pcl4j.data.DataSpec;

/** Runs the README's Java example on a few hundred images: it compiles, trains and embeds. */
class QuickStartTest {

    @Test
    void theReadmeExampleTrainsAndEmbedsReproducibly() {
        assumeTrue(Files.isDirectory(DataSpec.parse("fashion-mnist").dir()), "Fashion-MNIST is not installed");
        float[] a = QuickStart.embedAfterTraining("fashion-mnist", 256, 2);
        assertThat(a).hasSize(128);
        double norm = 0;
        for (float v : a) {
            norm += v * v;
        }
        assertThat(norm).as("embeddings are L2-normalised").isCloseTo(1.0, within(1e-4));
        float[] b = QuickStart.embedAfterTraining("fashion-mnist", 256, 2);
        assertThat(b).as("same seed, same embedding, bit for bit").containsExactly(a);
    }
}
