package org.pcl4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pcl4j.model.EncoderTest.values;
import static org.pcl4j.model.TestArrays.randomImages;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterVectorTest {

    private static final EncoderConfig CFG = new EncoderConfig(Arch.SMALL_CNN, Head.MLP, 8, 1, 28);

    @Test
    void encoderParametersAreSlicesOfOneVectorWithTheInitialValues() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // the same seed without the vector: DJL's own initialisation of the same blocks
            Engine.getInstance().setRandomSeed(5);
            SequentialBlock plain = new SequentialBlock().add(Backbones.backbone(CFG)).add(Backbones.head(CFG));
            plain.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            List<Parameter> plainLearnable = plain.getParameters().values().stream().filter(Parameter::requiresGradient).toList();
            Engine.getInstance().setRandomSeed(5);
            try (Encoder encoder = Encoder.create(CFG, manager)) {
                ParameterVector theta = encoder.parameterVector();
                assertThat(theta.parameters()).isEqualTo(encoder.trainableParameters());
                // the vector holds the initial values, in parameter order: moving them changed nothing
                assertThat(theta.values().toFloatArray()).isEqualTo(values(plainLearnable));
                assertThat(theta.size()).isEqualTo(values(encoder.trainableParameters()).length);
                for (Parameter p : encoder.trainableParameters()) {
                    assertThat(p.getArray().hasGradient()).as(p.getName()).isTrue();
                }
                // one write to the vector is a write to every parameter (views, not copies)
                theta.values().addi(1f);
                float[] shifted = values(encoder.trainableParameters());
                float[] initial = values(plainLearnable);
                for (int i = 0; i < shifted.length; i++) {
                    assertThat(shifted[i]).isEqualTo(initial[i] + 1f);
                }
            }
        }
    }

    @Test
    void takenGradientIsTheParametersGradientsInVectorOrderAndZeroesThem() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(6);
            try (Encoder encoder = Encoder.create(CFG, manager); NDArray zero = manager.create(0f)) {
                ParameterVector theta = encoder.parameterVector();
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(encoder.embed(randomImages(manager, 4, 1, 28, 2), true).sum());
                    }
                    float[] perParameter = encoder.trainableParameters().stream()
                            .map(p -> p.getArray().getGradient().toFloatArray())
                            .reduce(new float[0], ParameterVectorTest::concat);
                    float[] gathered = theta.takeGradient(zero).toFloatArray();
                    assertThat(gathered).isEqualTo(perParameter);
                    assertThat(maxAbs(gathered)).isPositive();
                    for (Parameter p : encoder.trainableParameters()) {
                        assertThat(maxAbs(p.getArray().getGradient().toFloatArray())).as(p.getName()).isZero();
                    }
                    assertThat(maxAbs(theta.takeGradient(zero).toFloatArray())).isZero();
                }
            }
        }
    }

    @Test
    void splitAndJoinAreInverses() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            try (Encoder encoder = Encoder.create(CFG, manager)) {
                ParameterVector theta = encoder.parameterVector();
                NDArray v = manager.arange((float) theta.size());
                List<NDArray> parts = theta.split(v);
                for (int i = 0; i < parts.size(); i++) {
                    assertThat(parts.get(i).getShape()).isEqualTo(encoder.trainableParameters().get(i).getArray().getShape());
                }
                assertThat(theta.join(parts).toFloatArray()).isEqualTo(v.toFloatArray());
                assertThatThrownBy(() -> theta.join(parts.subList(1, parts.size())))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected " + parts.size() + " arrays");
            }
        }
    }

    @Test
    void aLooseParameterIsItsOwnVector() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            p.setArray(manager.create(new float[] {1f, 2f, 3f, 4f}, new Shape(2, 2)));
            ParameterVector v = ParameterVector.of(p);
            assertThat(v.values()).isSameAs(p.getArray());
            assertThat(v.split(v.values())).containsExactly(v.values());
            assertThat(v.join(List.of(v.values())).toFloatArray()).isEqualTo(new float[] {1f, 2f, 3f, 4f});
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static float maxAbs(float[] a) {
        float m = 0;
        for (float x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
