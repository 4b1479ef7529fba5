package org.pcl4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pcl4j.SettingException;

class EncoderConfigTest {

    @Test
    void defaultsAndWidths() {
        EncoderConfig cfg = EncoderConfig.of(Arch.RESNET18, Head.MLP, 3, 32);
        assertThat(cfg.dim()).isEqualTo(EncoderConfig.DEFAULT_DIM).isEqualTo(128);
        assertThat(cfg.featureWidth()).isEqualTo(512);
        assertThat(cfg.cifarStem()).isTrue();
        assertThat(EncoderConfig.of(Arch.SMALL_CNN, Head.LINEAR, 1, 28).featureWidth()).isEqualTo(256);
        assertThat(EncoderConfig.of(Arch.RESNET50, Head.LINEAR, 3, 224).featureWidth()).isEqualTo(2048);
        assertThat(EncoderConfig.of(Arch.RESNET50, Head.LINEAR, 3, 224).cifarStem()).isFalse();
    }

    @Test
    void namesParseAndInvalidValuesNameTheSetting() {
        assertThat(Arch.parse("resnet18")).isEqualTo(Arch.RESNET18);
        assertThat(Arch.parse(" Small-CNN ")).isEqualTo(Arch.SMALL_CNN);
        assertThat(Head.parse("mlp")).isEqualTo(Head.MLP);
        assertThatThrownBy(() -> Arch.parse("vgg"))
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("arch"))
                .hasMessage("arch 'vgg': expected one of small-cnn, deep-cnn, resnet18, resnet50");
        assertThatThrownBy(() -> Head.parse("deep"))
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("head"))
                .hasMessageStartingWith("head 'deep'");
        assertThatThrownBy(() -> new EncoderConfig(Arch.RESNET18, Head.MLP, 0, 3, 32))
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isEqualTo("dim"))
                .hasMessageStartingWith("dim");
    }
}
