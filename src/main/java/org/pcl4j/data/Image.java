package org.pcl4j.data;

/**
 * One decoded image as stored by a source: 8-bit pixels, channel-last (HWC, interleaved).
 *
 * @param pixels   {@code height * width * channels} bytes, unsigned
 * @param channels 1 (grayscale) or 3 (RGB)
 */
public record Image(byte[] pixels, int channels, int height, int width) {
    public Image {
        if (pixels.length != channels * height * width) {
            throw new IllegalArgumentException("pixels: expected " + channels * height * width + " bytes, got " + pixels.length);
        }
    }

    /** Pixel value in [0, 255] at row y, column x, channel c. */
    public int at(int y, int x, int c) {
        return pixels[(y * width + x) * channels + c] & 0xFF;
    }
}
