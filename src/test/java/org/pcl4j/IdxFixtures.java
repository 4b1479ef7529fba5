package org.pcl4j;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pcl4j.data.ImageSource;

/** Writes an image source as uncompressed IDX files, the layout of {@code fashion-mnist:DIR}. */
public final class IdxFixtures {
    private IdxFixtures() {}

    /** Writes {@code train-*} and {@code t10k-*} files for the two sources into {@code dir}. */
    public static Path write(Path dir, ImageSource train, ImageSource test) throws IOException {
        Files.createDirectories(dir);
        write(dir, "train", train);
        write(dir, "t10k", test);
        return dir;
    }

    private static void write(Path dir, String prefix, ImageSource source) throws IOException {
        int n = source.size();
        int s = source.imageSize();
        try (OutputStream f = Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte"));
                DataOutputStream out = new DataOutputStream(f)) {
            out.writeInt(0x00000803);
            out.writeInt(n);
            out.writeInt(s);
            out.writeInt(s);
            for (int i = 0; i < n; i++) {
                out.write(source.image(i).pixels());
            }
        }
        try (OutputStream f = Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte"));
                DataOutputStream out = new DataOutputStream(f)) {
            out.writeInt(0x00000801);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeByte(source.label(i));
            }
        }
    }
}
