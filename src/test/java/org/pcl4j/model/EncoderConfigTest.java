package org.pcl4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pcl4j.InputException;

class EncoderConfigTest {

    @Test
    void defaultsAndWidths() {
        EncoderConfig cfg = EncoderConfig.of("resnet18", "mlp", 3, 32);
        assertThat(cfg.dim()).isEqualTo(EncoderConfig.DEFAULT_DIM).isEqualTo(128);
        assertThat(cfg.featureWidth()).isEqualTo(512);
        assertThat(cfg.cifarStem()).isTrue();
        assertThat(EncoderConfig.of("small-cnn", "linear", 1, 28).featureWidth()).isEqualTo(256);
        assertThat(EncoderConfig.of("resnet50", "linear", 3, 224).featureWidth()).isEqualTo(2048);
        assertThat(EncoderConfig.of("resnet50", "linear", 3, 224).cifarStem()).isFalse();
    }

    @Test
    void invalidValuesNameTheFlag() {
        assertThatThrownBy(() -> EncoderConfig.of("vgg", "mlp", 3, 32))
                .isInstanceOf(InputException.class).hasMessageStartingWith("--arch").hasMessageContaining("vgg");
        assertThatThrownBy(() -> EncoderConfig.of("resnet18", "deep", 3, 32))
                .isInstanceOf(InputException.class).hasMessageStartingWith("--head");
        assertThatThrownBy(() -> new EncoderConfig("resnet18", "mlp", 0, 3, 32))
                .isInstanceOf(InputException.class).hasMessageStartingWith("--dim");
    }
}
