package org.pcl4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransformsTest {
    private static final float EPS = 1e-5f;

    static Image randomImage(int channels, int h, int w, long seed) {
        byte[] px = new byte[channels * h * w];
        new SplittableRandom(seed).nextBytes(px);
        return new Image(px, channels, h, w);
    }

    static Image constant(int channels, int h, int w, int value) {
        byte[] px = new byte[channels * h * w];
        Arrays.fill(px, (byte) value);
        return new Image(px, channels, h, w);
    }

    static ImageSource rgb(Image image) {
        return new Fixtures.ListSource(List.of(image), Normalization.CIFAR10);
    }

    static float[] run(ImageTransform t, Image image, long seed) {
        float[] out = new float[t.outputLength() + 3];
        t.apply(image, new SplittableRandom(seed), out, 3); // offset: must write exactly its own slice
        assertThat(Arrays.copyOf(out, 3)).containsOnly(0f);
        return Arrays.copyOfRange(out, 3, out.length);
    }

    @Test
    void trainingViewsHaveShapeAndNormalisedRange() {
        Image image = randomImage(3, 50, 40, 1);
        for (AugmentationPolicy policy : AugmentationPolicy.values()) {
            ImageTransform t = Transforms.train(policy, rgb(image), 36);
            assertThat(t.outputChannels()).isEqualTo(3);
            assertThat(t.outputLength()).isEqualTo(3 * 36 * 36);
            for (long seed = 0; seed < 20; seed++) {
                float[] out = run(t, image, seed);
                Normalization n = Normalization.CIFAR10;
                for (int c = 0; c < 3; c++) {
                    float lo = (0 - n.mean()[c]) / n.std()[c] - EPS;
                    float hi = (1 - n.mean()[c]) / n.std()[c] + EPS;
                    for (int i = c * 36 * 36; i < (c + 1) * 36 * 36; i++) {
                        assertThat(out[i]).isBetween(lo, hi);
                    }
                }
            }
        }
    }

    @Test
    void sameSeedSameViewOtherSeedOtherView() {
        Image image = randomImage(3, 32, 32, 2);
        ImageTransform t = Transforms.train(AugmentationPolicy.AUG_PLUS, rgb(image), 32);
        assertThat(run(t, image, 42)).isEqualTo(run(t, image, 42));
        assertThat(run(t, image, 42)).isNotEqualTo(run(t, image, 43));
    }

    @Test
    void grayscaleSourcesGetBrightnessAndContrastJitterOnly() {
        // A constant image stays constant under crop, flip and blur: only the jitter moves its level,
        // and it must stay one level (no per-pixel colour op reaches a gray image).
        Image gray = constant(1, 40, 40, 100);
        ImageSource source = Fixtures.gray(List.of(gray));
        float unchanged = (100 / 255f - 0.2860f) / 0.3530f;
        for (AugmentationPolicy policy : AugmentationPolicy.values()) {
            ImageTransform t = Transforms.train(policy, source, 40);
            assertThat(t.outputChannels()).isEqualTo(1);
            int changed = 0;
            for (long seed = 0; seed < 30; seed++) {
                float[] out = run(t, gray, seed);
                assertAllClose(out, out[0]);
                changed += Math.abs(out[0] - unchanged) > 1e-3 ? 1 : 0;
            }
            // MoCo v1 always jitters, aug+ with p = 0.8
            assertThat(changed).as(policy.cliName()).isGreaterThan(15);
        }
    }

    @Test
    void grayscaleJitterIsAnAffineMapOfTheLevelsAndNothingElse() {
        // brightness b then contrast c (or the reverse) on one channel: p' = α·p + β for every pixel,
        // the same α and β everywhere: no spatial change, no per-pixel colour change.
        Canvas canvas = new Canvas(1, 8);
        float[] original = new float[canvas.pixels.length];
        SplittableRandom values = new SplittableRandom(3);
        for (int i = 0; i < original.length; i++) {
            original[i] = 0.3f + 0.4f * (float) values.nextDouble(); // mid-range: no clamping at these strengths
        }
        SplittableRandom rng = new SplittableRandom(11);
        boolean contrastSeen = false;
        for (int k = 0; k < 50; k++) {
            System.arraycopy(original, 0, canvas.pixels, 0, original.length);
            new ColorJitter(0.2f, 0.2f, 0.4f, 0.5f).apply(canvas, rng);
            float alpha = (canvas.pixels[1] - canvas.pixels[0]) / (original[1] - original[0]);
            float beta = canvas.pixels[0] - alpha * original[0];
            for (int i = 0; i < original.length; i++) {
                assertThat(canvas.pixels[i]).isCloseTo(alpha * original[i] + beta, within(1e-5f));
            }
            contrastSeen |= Math.abs(beta) > 1e-3;
        }
        assertThat(contrastSeen).isTrue();
        // brightness alone (contrast 0): a pure scaling
        System.arraycopy(original, 0, canvas.pixels, 0, original.length);
        ColorJitter.brightness(canvas, 1.25f);
        for (int i = 0; i < original.length; i++) {
            assertThat(canvas.pixels[i]).isCloseTo(original[i] * 1.25f, within(1e-6f));
        }
        // contrast: blend with the image mean (torchvision on a 1-channel image), mean preserved
        System.arraycopy(original, 0, canvas.pixels, 0, original.length);
        double mean = 0;
        for (float v : original) {
            mean += v / original.length;
        }
        ColorJitter.contrast(canvas, 0.5f);
        for (int i = 0; i < original.length; i++) {
            assertThat(canvas.pixels[i]).isCloseTo((float) (0.5 * original[i] + 0.5 * mean), within(1e-5f));
        }
        // saturation and hue leave a gray image as it is
        System.arraycopy(original, 0, canvas.pixels, 0, original.length);
        ColorJitter.saturation(canvas, 0f);
        ColorJitter.hue(canvas, 0.3f);
        assertThat(canvas.pixels).containsExactly(original);
    }

    @Test
    void rgbConstantImageIsJitteredBySomeSeed() {
        Image colour = constant(3, 40, 40, 100);
        ImageTransform t = Transforms.train(AugmentationPolicy.MOCO_V1, rgb(colour), 40);
        float first = (100 / 255f - 0.4914f) / 0.2470f;
        boolean changed = false;
        for (long seed = 0; seed < 10; seed++) {
            changed |= Math.abs(run(t, colour, seed)[0] - first) > 1e-3;
        }
        assertThat(changed).isTrue();
    }

    @Test
    void flipMirrorsEachRow() {
        Canvas canvas = new Canvas(2, 3);
        for (int i = 0; i < canvas.pixels.length; i++) {
            canvas.pixels[i] = i;
        }
        new HorizontalFlip(0.0).apply(canvas, new SplittableRandom(0));
        assertThat(canvas.pixels[0]).isZero();
        new HorizontalFlip(1.0).apply(canvas, new SplittableRandom(0));
        assertThat(canvas.pixels).containsExactly(2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9, 14, 13, 12, 17, 16, 15);
    }

    @Test
    void flipHappensAboutHalfTheTime() {
        int flipped = 0;
        Canvas canvas = new Canvas(1, 2);
        SplittableRandom rng = new SplittableRandom(5);
        for (int k = 0; k < 1000; k++) {
            canvas.pixels[0] = 0;
            canvas.pixels[1] = 1;
            new HorizontalFlip(Transforms.FLIP_P).apply(canvas, rng);
            flipped += canvas.pixels[0] == 1 ? 1 : 0;
        }
        assertThat(flipped).isBetween(430, 570);
    }

    @Test
    void evalAtNativeSizeOnlyNormalises() {
        Image img = new Image(new byte[] {0, 51, 102, (byte) 255}, 1, 2, 2);
        ImageTransform t = Transforms.eval(Fixtures.gray(List.of(img)), 2);
        float[] out = run(t, img, 0);
        float[] expected = {0, 51, 102, 255};
        for (int i = 0; i < 4; i++) {
            assertThat(out[i]).isCloseTo((expected[i] / 255f - 0.2860f) / 0.3530f, within(EPS));
        }
    }

    @Test
    void evalDownscalesWithAntialiasAndUpscalesBilinearly() {
        // 4×4 horizontal ramp to 2×2: round(2/0.875) = 2, so a 2× reduction with a triangle of
        // half-width 2: weights 3/7, 3/7, 1/7 → (3·0 + 3·70 + 140)/7 = 50 and (70 + 3·140 + 3·210)/7 = 160.
        byte[] ramp = new byte[16];
        for (int i = 0; i < 16; i++) {
            ramp[i] = (byte) (70 * (i % 4));
        }
        Image big = new Image(ramp, 1, 4, 4);
        float[] out = run(Transforms.eval(Fixtures.gray(List.of(big)), 2), big, 0);
        assertThat(unnormalise(out)).containsExactly(new float[] {50, 160, 50, 160}, within(1e-3f));

        // 2×2 [0, 100] to 4×4: pixel centres 0.25, 0.75, 1.25, 1.75 → 0, 25, 75, 100 (edges clamped)
        Image small = new Image(new byte[] {0, 100, 0, 100}, 1, 2, 2);
        float[] up = unnormalise(run(Transforms.eval(Fixtures.gray(List.of(small)), 4), small, 0));
        assertThat(Arrays.copyOf(up, 4)).containsExactly(new float[] {0, 25, 75, 100}, within(1e-3f));
        assertThat(Arrays.copyOfRange(up, 12, 16)).containsExactly(new float[] {0, 25, 75, 100}, within(1e-3f));
    }

    @Test
    void evalCentreCropsTheLongerSide() {
        // 2 rows × 6 columns, column value 10·x; output 2: the centre 2 columns (x = 2, 3)
        byte[] px = new byte[12];
        for (int i = 0; i < 12; i++) {
            px[i] = (byte) (10 * (i % 6));
        }
        Image wide = new Image(px, 1, 2, 6);
        float[] out = unnormalise(run(Transforms.eval(Fixtures.gray(List.of(wide)), 2), wide, 0));
        assertThat(out).containsExactly(new float[] {20, 30, 20, 30}, within(1e-3f));
    }

    @Test
    void randomResizedCropFallsBackToCentreCrop() {
        // A 1×100 strip: no crop of 20–100 % area with ratio 3/4–4/3 fits, so the fallback takes the
        // centred 1×1 window at column (100 − 1) / 2 = 49.
        byte[] px = new byte[100];
        for (int x = 0; x < 100; x++) {
            px[x] = (byte) x;
        }
        Image strip = new Image(px, 1, 1, 100);
        Canvas canvas = new Canvas(1, 3);
        new RandomResizedCrop(0.2, 1, 3 / 4.0, 4 / 3.0).sample(strip, new SplittableRandom(3), canvas);
        for (float v : canvas.pixels) {
            assertThat(v * 255).isCloseTo(49f, within(1e-3f));
        }
    }

    @Test
    void randomResizedCropStaysInsideTheImageAndVaries() {
        // Pixel value encodes the column: a crop of columns [a, b) yields values within [a, b).
        byte[] px = new byte[64 * 64];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i % 64 * 4);
        }
        Image img = new Image(px, 1, 64, 64);
        Canvas canvas = new Canvas(1, 16);
        SplittableRandom rng = new SplittableRandom(9);
        float minSpan = Float.MAX_VALUE;
        float maxSpan = 0;
        for (int k = 0; k < 200; k++) {
            new RandomResizedCrop(0.2, 1, 3 / 4.0, 4 / 3.0).sample(img, rng, canvas);
            float lo = Float.MAX_VALUE;
            float hi = 0;
            for (float v : canvas.pixels) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            minSpan = Math.min(minSpan, hi - lo);
            maxSpan = Math.max(maxSpan, hi - lo);
        }
        // smallest crop: sqrt(0.2·4/3)·64 ≈ 33 columns wide at least 0.2·64²/64·(3/4)... spans well below full width
        assertThat(minSpan * 255).isLessThan(180f);
        assertThat(maxSpan * 255).isGreaterThan(220f);
    }

    @Test
    void colourOpsMatchTorchvisionFormulas() {
        Canvas canvas = new Canvas(3, 1);
        setRgb(canvas, 1, 0, 0);
        ColorJitter.hue(canvas, 1f / 3f);
        assertThat(canvas.pixels).containsExactly(new float[] {0, 1, 0}, within(1e-5f));
        setRgb(canvas, 0.2f, 0.5f, 0.9f);
        ColorJitter.hue(canvas, 0f);
        assertThat(canvas.pixels).containsExactly(new float[] {0.2f, 0.5f, 0.9f}, within(1e-5f));
        ColorJitter.saturation(canvas, 0f);
        float gray = 0.2989f * 0.2f + 0.587f * 0.5f + 0.114f * 0.9f;
        assertThat(canvas.pixels).containsExactly(new float[] {gray, gray, gray}, within(1e-5f));
        setRgb(canvas, 0.6f, 0.6f, 0.6f);
        ColorJitter.brightness(canvas, 2f);
        assertThat(canvas.pixels).containsOnly(1f); // clamped exactly

        Canvas two = new Canvas(3, 2); // 4 pixels: black and white halves, contrast 0 → all mean gray
        for (int c = 0; c < 3; c++) {
            two.pixels[c * 4] = 1;
            two.pixels[c * 4 + 1] = 1;
        }
        ColorJitter.contrast(two, 0f);
        float mean = 0.5f * (0.2989f + 0.587f + 0.114f);
        assertAllClose(two.pixels, mean);
        // uniform image: contrast only moves it by torchvision's luma weights summing to 0.9999, not 1
        ColorJitter.contrast(two, 0.5f);
        assertAllClose(two.pixels, 0.5f * mean + 0.5f * mean * 0.9999f);
    }

    @Test
    void blurKeepsConstantsAndSpreadsAnImpulse() {
        Canvas canvas = new Canvas(1, 33);
        Arrays.fill(canvas.pixels, 0.25f);
        new GaussianBlur(1, 1).apply(canvas, new SplittableRandom(0));
        assertAllClose(canvas.pixels, 0.25f);
        Arrays.fill(canvas.pixels, 0f);
        canvas.pixels[16 * 33 + 16] = 1f;
        new GaussianBlur(1, 1).apply(canvas, new SplittableRandom(0));
        float sum = 0;
        for (float v : canvas.pixels) {
            sum += v;
        }
        assertThat(sum).isCloseTo(1f, within(1e-4f));
        assertThat(canvas.pixels[16 * 33 + 16]).isLessThan(0.2f).isGreaterThan(canvas.pixels[16 * 33 + 17]);
        assertThat(canvas.pixels[16 * 33 + 17]).isCloseTo(canvas.pixels[17 * 33 + 16], within(1e-6f));
    }

    /**
     * The row-at-a-time blur gives, to the bit, the pixel-at-a-time sum it replaced (taps in the same
     * order, reflected at the edges), including images narrower than the kernel.
     */
    @Test
    void blurEqualsThePixelAtATimeSumBitForBit() {
        SplittableRandom fill = new SplittableRandom(11);
        for (int size : new int[] {1, 2, 5, 12, 33, 64}) {
            for (long seed = 0; seed < 4; seed++) {
                Canvas canvas = new Canvas(3, size);
                for (int i = 0; i < canvas.pixels.length; i++) {
                    canvas.pixels[i] = (float) fill.nextDouble();
                }
                float[] expected = pixelAtATimeBlur(canvas.pixels, 3, size, 0.1, 2.0, new SplittableRandom(seed));
                new GaussianBlur(0.1, 2.0).apply(canvas, new SplittableRandom(seed));
                assertThat(canvas.pixels).as("size %d, seed %d", size, seed).isEqualTo(expected);
            }
        }
    }

    /**
     * The resampler sums whole rows tap by tap in its vertical pass and a colour pixel's three channels
     * side by side in its horizontal pass (Resampler.resample); it must equal the filter summed one output
     * value at a time to the bit, enlarging and shrinking, at the image's edges and inside, on gray and
     * colour images.
     */
    @Test
    void resampleEqualsThePixelAtATimeFilterBitForBit() {
        SplittableRandom rng = new SplittableRandom(17);
        for (int channels : new int[] {1, 3}) {
            for (int side : new int[] {7, 32, 61}) {
                byte[] px = new byte[channels * side * side];
                for (int i = 0; i < px.length; i++) {
                    px[i] = (byte) rng.nextInt(256);
                }
                Image image = new Image(px, channels, side, side);
                for (int trial = 0; trial < 6; trial++) {
                    int out = 1 + rng.nextInt(40);
                    double h = 1 + rng.nextDouble() * (side - 1);
                    double w = 1 + rng.nextDouble() * (side - 1);
                    double y0 = rng.nextDouble() * (side - h);
                    double x0 = rng.nextDouble() * (side - w);
                    Canvas canvas = new Canvas(channels, out);
                    Resampler.resample(image, y0, x0, h, w, 0, side, 0, side, canvas);
                    float[] expected = pixelAtATimeResample(image, y0, x0, h, w, side, out);
                    assertThat(canvas.pixels).as("%d channels, side %d, trial %d", channels, side, trial).isEqualTo(expected);
                }
            }
        }
    }

    /** The separable triangle filter of Resampler, each output value summed on its own: rows, then columns. */
    private static float[] pixelAtATimeResample(Image image, double y0, double x0, double h, double w, int side, int s) {
        int c = image.channels();
        Resampler.Axis rows = new Resampler.Axis();
        Resampler.Axis cols = new Resampler.Axis();
        rows.compute(y0, h, s, 0, side);
        cols.compute(x0, w, s, 0, side);
        float[] out = new float[c * s * s];
        for (int oy = 0; oy < s; oy++) {
            for (int ox = 0; ox < s; ox++) {
                for (int ch = 0; ch < c; ch++) {
                    float acc = 0;
                    for (int k = 0; k < rows.count[oy]; k++) {
                        int y = rows.first[oy] + k;
                        float horizontal = 0;
                        for (int j = 0; j < cols.count[ox]; j++) {
                            horizontal += cols.weights[ox * cols.taps + j] * (image.pixels()[(y * side + cols.first[ox] + j) * c + ch] & 0xFF);
                        }
                        acc += rows.weights[oy * rows.taps + k] * horizontal;
                    }
                    out[ch * s * s + oy * s + ox] = Math.min(1f, Math.max(0f, acc * (1f / 255f)));
                }
            }
        }
        return out;
    }

    /**
     * Brightness and contrast clamp with Math.min/max so that their loops vectorise (ColorJitter.clampInLoop);
     * on pixels in [0, 1], including exact 0 and 1 and values driven past both ends, that must equal the
     * clamp by comparisons to the bit.
     */
    @Test
    void vectorisedClampEqualsTheClampByComparisonsBitForBit() {
        SplittableRandom fill = new SplittableRandom(23);
        for (float factor : new float[] {0f, 0.6f, 1f, 1.4f, 3f}) {
            Canvas canvas = new Canvas(3, 20);
            for (int i = 0; i < canvas.pixels.length; i++) {
                int kind = fill.nextInt(4);
                canvas.pixels[i] = kind == 0 ? 0f : kind == 1 ? 1f : (float) fill.nextDouble();
            }
            float[] before = canvas.pixels.clone();
            int plane = canvas.plane();
            double sum = 0;
            for (int i = 0; i < plane; i++) {
                sum += ColorJitter.R * before[i] + ColorJitter.G * before[plane + i] + ColorJitter.B * before[2 * plane + i];
            }
            float mean = (float) (sum / plane);
            ColorJitter.brightness(canvas, factor);
            for (int i = 0; i < before.length; i++) {
                assertThat(Float.floatToRawIntBits(canvas.pixels[i])).isEqualTo(Float.floatToRawIntBits(ColorJitter.clamp(before[i] * factor)));
            }
            System.arraycopy(before, 0, canvas.pixels, 0, before.length);
            ColorJitter.contrast(canvas, factor);
            for (int i = 0; i < before.length; i++) {
                float expected = ColorJitter.clamp(factor * before[i] + (1 - factor) * mean);
                assertThat(Float.floatToRawIntBits(canvas.pixels[i])).isEqualTo(Float.floatToRawIntBits(expected));
            }
        }
    }

    /**
     * The hue rotation picks its hue and output channels without branching on them (ColorJitter.hue); it
     * must equal the textbook per-pixel RGB → HSV → RGB to the bit, on every hue sector, on ties between
     * channels, on gray pixels, black and white, and for shifts of either sign, zero and half the wheel.
     */
    @Test
    void hueEqualsTheTextbookRotationBitForBit() {
        SplittableRandom fill = new SplittableRandom(5);
        int size = 48;
        int plane = size * size;
        for (float shift : new float[] {0f, -0f, 0.1f, -0.1f, 0.5f, -0.5f, 1f / 3f, 0.0999999f}) {
            Canvas canvas = new Canvas(3, size);
            for (int i = 0; i < plane; i++) {
                for (int c = 0; c < 3; c++) {
                    int kind = fill.nextInt(8);
                    canvas.pixels[c * plane + i] = kind == 0 ? 0f : kind == 1 ? 1f : kind == 2 ? fill.nextInt(256) / 255f
                            : (float) fill.nextDouble();
                }
                int tie = fill.nextInt(4); // some pixels with two or three equal channels
                if (tie == 1) {
                    canvas.pixels[plane + i] = canvas.pixels[i];
                } else if (tie == 2) {
                    canvas.pixels[plane + i] = canvas.pixels[i];
                    canvas.pixels[2 * plane + i] = canvas.pixels[i];
                }
            }
            float[] expected = textbookHue(canvas.pixels, plane, shift);
            ColorJitter.hue(canvas, shift);
            for (int i = 0; i < expected.length; i++) {
                assertThat(Float.floatToRawIntBits(canvas.pixels[i])).as("shift %s, value %d", shift, i)
                        .isEqualTo(Float.floatToRawIntBits(expected[i]));
            }
        }
    }

    /** torchvision's _rgb2hsv/_hsv2rgb, one pixel at a time with a branch per case. */
    private static float[] textbookHue(float[] pixels, int plane, float shift) {
        float[] p = pixels.clone();
        for (int i = 0; i < plane; i++) {
            float r = p[i];
            float g = p[plane + i];
            float b = p[2 * plane + i];
            float max = Math.max(r, Math.max(g, b));
            float min = Math.min(r, Math.min(g, b));
            float chroma = max - min;
            if (chroma == 0) {
                continue;
            }
            float sat = chroma / max;
            float h;
            if (max == r) {
                h = (g - b) / chroma;
            } else if (max == g) {
                h = 2 + (b - r) / chroma;
            } else {
                h = 4 + (r - g) / chroma;
            }
            h = h / 6f + shift;
            h -= (float) Math.floor(h);
            float h6 = h * 6f;
            int sector = ((int) Math.floor(h6)) % 6;
            float f = h6 - (float) Math.floor(h6);
            float v = max;
            float pp = ColorJitter.clamp(v * (1 - sat));
            float q = ColorJitter.clamp(v * (1 - sat * f));
            float t = ColorJitter.clamp(v * (1 - sat * (1 - f)));
            float[] rgb = switch (sector) {
                case 0 -> new float[] {v, t, pp};
                case 1 -> new float[] {q, v, pp};
                case 2 -> new float[] {pp, v, t};
                case 3 -> new float[] {pp, q, v};
                case 4 -> new float[] {t, pp, v};
                default -> new float[] {v, pp, q};
            };
            for (int c = 0; c < 3; c++) {
                p[c * plane + i] = rgb[c];
            }
        }
        return p;
    }

    /** The straightforward separable blur: each output pixel Σ_i k[i]·in[reflect(·+i)], horizontal then vertical. */
    private static float[] pixelAtATimeBlur(float[] pixels, int channels, int s, double minSigma, double maxSigma, SplittableRandom rng) {
        double sigma = RandomResizedCrop.uniform(rng, minSigma, maxSigma);
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            sum += StrictMath.exp(-(i * i) / (2 * sigma * sigma));
        }
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) (StrictMath.exp(-(i * i) / (2 * sigma * sigma)) / sum);
        }
        float[] tmp = new float[pixels.length];
        float[] out = new float[pixels.length];
        for (int row = 0; row < channels * s; row++) {
            for (int x = 0; x < s; x++) {
                float acc = 0;
                for (int i = -r; i <= r; i++) {
                    acc += k[i + r] * pixels[row * s + GaussianBlur.reflect(x + i, s)];
                }
                tmp[row * s + x] = acc;
            }
        }
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    float acc = 0;
                    for (int i = -r; i <= r; i++) {
                        acc += k[i + r] * tmp[c * s * s + GaussianBlur.reflect(y + i, s) * s + x];
                    }
                    out[c * s * s + y * s + x] = acc;
                }
            }
        }
        return out;
    }

    @Test
    void policyNamesParse() {
        assertThat(AugmentationPolicy.parse("mocov1")).isEqualTo(AugmentationPolicy.MOCO_V1);
        assertThat(AugmentationPolicy.parse("aug+")).isEqualTo(AugmentationPolicy.AUG_PLUS);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AugmentationPolicy.parse("simclr"))
                .isInstanceOf(org.pcl4j.SettingException.class).hasMessageContaining("expected one of mocov1, aug+");
    }

    private static void assertAllClose(float[] values, float expected) {
        for (float v : values) {
            assertThat(v).isCloseTo(expected, within(1e-6f));
        }
    }

    private static void setRgb(Canvas canvas, float r, float g, float b) {
        canvas.pixels[0] = r;
        canvas.pixels[1] = g;
        canvas.pixels[2] = b;
    }

    /** Back to [0, 255] from Fashion-MNIST normalisation. */
    private static float[] unnormalise(float[] out) {
        float[] v = new float[out.length];
        for (int i = 0; i < out.length; i++) {
            v[i] = (out[i] * 0.3530f + 0.2860f) * 255f;
        }
        return v;
    }
}
