package org.pcl4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.pcl4j.InputException;
import org.pcl4j.model.CustomBackbone;
import org.pcl4j.model.KeyQueue;
import org.pcl4j.model.PclModel;
import org.pcl4j.model.Encoder;
import org.pcl4j.model.EncoderConfig;
import org.pcl4j.tensor.Tensors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training checkpoint: both encoders, the optimizer's momentum buffers, the queue, the number of
 * completed epochs and the resolved config. Randomness is derived from (seed, epoch, step/index)
 * everywhere, so the seed in the config and the epoch are the whole RNG state.
 *
 * <p>File {@code OUT/checkpoint-NNNN.pcl4j} (NNNN = epochs completed): a magic line, a JSON header, the
 * tensors, and a CRC32 of all of it. It is written to a temporary file, fsync'ed and renamed, so a
 * crash never leaves a half-written checkpoint under the real name; the {@value #KEEP} newest are
 * kept so that a corrupt newest one (detected by the checksum) falls back to the one before.
 */
public final class Checkpoint {
    public static final int KEEP = 2;
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);
    private static final byte[] MAGIC = "PCL4J-CHECKPOINT v1\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)\\.pcl4j");
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    /**
     * What the JSON header records. {@code metrics} is the metrics line of epoch {@code epochsDone}
     * (null in checkpoints of older versions): metrics.jsonl is appended only after the checkpoint
     * is committed, and a resume restores the line from here if a crash fell between the two.
     * Choices ({@code arch}, {@code head}, {@code augmentation}, {@code schedule}) are written under
     * their command-line names, as older versions wrote them as strings; fields older versions
     * wrote and this one no longer has (e.g. {@code optimizerBuffers}) are ignored. {@code numImages} is the
     * number of training images the run trained on (0 in checkpoints of older versions): a resume on data that
     * now has another number would not continue the same training. {@code torchThreads} is PyTorch's intra-op thread
     * count of the run (0 in checkpoints of older versions): on a CPU, sums split over another number of threads round
     * differently, so a resume with another count no longer equals the uninterrupted run bit for bit.
     */
    public record Header(int epochsDone, TrainConfig config, EncoderConfig encoder, int queuePointer, EpochMetrics metrics,
            int numImages, int torchThreads) {}

    /** The header from its JSON form (as written by {@link #save}). */
    static Header parseHeader(String json) {
        return GSON.fromJson(json, Header.class);
    }

    private final Path file;
    private final Header header;
    private final byte[] body;
    private final int bodyOffset;

    private Checkpoint(Path file, Header header, byte[] body, int bodyOffset) {
        this.file = file;
        this.header = header;
        this.body = body;
        this.bodyOffset = bodyOffset;
    }

    public Path file() {
        return file;
    }

    public Header header() {
        return header;
    }

    public int epochsDone() {
        return header.epochsDone();
    }

    public TrainConfig config() {
        return header.config();
    }

    /** Saves atomically and prunes old checkpoints; returns the file written. */
    public static Path save(Path dir, Header header, PclModel model, Sgd sgd) throws IOException {
        Encoder query = model.queryEncoder();
        Encoder key = model.momentumEncoder();
        KeyQueue queue = model.queue();
        Files.createDirectories(dir);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
            out.writeInt(json.length);
            out.write(json);
            query.save(out);
            key.save(out);
            out.writeInt(sgd.buffers().size());
            for (NDArray b : sgd.buffers()) {
                byte[] enc = b.encode();
                out.writeInt(enc.length);
                out.write(enc);
            }
            float[] q = queue.toFloatArray();
            out.writeInt(q.length);
            for (float v : q) {
                out.writeFloat(v);
            }
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        Path target = fileFor(dir, header.epochsDone());
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                    OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                bytes.writeTo(out);
                DataOutputStream trailer = new DataOutputStream(out);
                trailer.writeLong(crc.getValue());
                trailer.flush();
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp); // a partial file would only take space from the next try
            } catch (IOException | RuntimeException ignored) {
                e.addSuppressed(ignored);
            }
            throw e;
        }
        prune(dir, header.epochsDone());
        return target;
    }

    /** {@code dir/checkpoint-NNNN.pcl4j}, NNNN = epochs completed (so the checkpoint after epoch 1 is 0001). */
    public static Path fileFor(Path dir, int epochsDone) {
        return dir.resolve(String.format("checkpoint-%04d.pcl4j", epochsDone));
    }

    /** Checkpoint files in {@code dir}, newest (most epochs) first. */
    public static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(Checkpoint::epochOf).reversed())
                    .toList();
        }
    }

    /**
     * The newest checkpoint in {@code dir} (or the file itself) whose checksum verifies; a corrupt
     * one is reported and the previous one used.
     */
    public static Checkpoint loadLatest(Path dirOrFile) {
        List<Path> candidates;
        try {
            candidates = Files.isRegularFile(dirOrFile) ? List.of(dirOrFile) : list(dirOrFile);
        } catch (IOException e) {
            throw new InputException(dirOrFile + ": cannot list checkpoints (" + e.getMessage() + ")", e);
        }
        if (candidates.isEmpty()) {
            throw new InputException(dirOrFile + ": no checkpoint found (expected checkpoint-NNNN.pcl4j written by 'pcl4j train')");
        }
        List<String> problems = new ArrayList<>();
        boolean listed = !Files.isRegularFile(dirOrFile);
        for (int i = 0; i < candidates.size(); i++) {
            try {
                Checkpoint c = read(candidates.get(i));
                if (listed && c.epochsDone() != epochOf(candidates.get(i))) {
                    // A checkpoint under another number (a copy, a rename) would roll the run back to its own epoch, and
                    // the checkpoints after it would be pruned as older than its name.
                    throw new InputException(candidates.get(i) + ": holds the state after " + c.epochsDone()
                            + " epochs, not " + epochOf(candidates.get(i)) + " as its name says (a copy or a rename?); left as it is");
                }
                return c;
            } catch (InputException e) {
                problems.add(e.getMessage());
                if (i + 1 < candidates.size()) { // a fall-back only where there is one: else the error below says it all
                    LOG.warn("{}; falling back to an earlier checkpoint", e.getMessage());
                }
            }
        }
        throw new InputException(dirOrFile + ": no readable checkpoint: " + String.join("; ", problems));
    }

    /** Reads and verifies one checkpoint file. */
    public static Checkpoint read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read checkpoint (" + e.getMessage() + ")", e);
        }
        if (all.length < MAGIC.length + 12 || !java.util.Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new InputException(file + ": not a pcl4j checkpoint (bad magic or truncated to " + all.length + " bytes)");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new InputException(file + ": checkpoint is corrupt or truncated (checksum mismatch)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, MAGIC.length, all.length - MAGIC.length - 8))) {
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            Header header = parseHeader(new String(json, StandardCharsets.UTF_8));
            int offset = MAGIC.length + 4 + json.length;
            return new Checkpoint(file, header, all, offset);
        } catch (IOException | RuntimeException e) {
            throw new InputException(file + ": unreadable checkpoint header (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Builds an encoder of the checkpoint's architecture and loads the query (or momentum) weights.
     * A checkpoint of a run with a {@link CustomBackbone} needs {@link #loadEncoder(NDManager,
     * boolean, CustomBackbone)}; this one fails naming the backbone.
     */
    public Encoder loadEncoder(NDManager manager, boolean momentumEncoder) {
        return loadEncoder(manager, momentumEncoder, header.encoder());
    }

    /**
     * As {@link #loadEncoder(NDManager, boolean)}, for a run trained with the custom backbone
     * {@code backbone} (the same name and width as the checkpoint's; its factory builds the blocks).
     */
    public Encoder loadEncoder(NDManager manager, boolean momentumEncoder, CustomBackbone backbone) {
        return loadEncoder(manager, momentumEncoder, encoderWith(backbone));
    }

    /**
     * The checkpoint's config with {@code backbone}'s factory (to resume, from Java, a run trained
     * with that custom backbone).
     */
    public TrainConfig config(CustomBackbone backbone) {
        encoderWith(backbone);
        return header.config().withCustomBackbone(backbone);
    }

    private EncoderConfig encoderWith(CustomBackbone backbone) {
        EncoderConfig saved = header.encoder();
        if (!backbone.equals(saved.custom())) {
            throw new InputException(file + ": trained with the backbone " + (saved.custom() != null ? saved.custom() : saved.backbone())
                    + ", not " + backbone);
        }
        return new EncoderConfig(saved.backbone(), saved.head(), saved.dim(), saved.channels(), saved.imageSize(), backbone);
    }

    private Encoder loadEncoder(NDManager manager, boolean momentumEncoder, EncoderConfig architecture) {
        Encoder encoder = Encoder.create(architecture, manager);
        try (DataInputStream in = bodyStream()) {
            if (momentumEncoder) {
                try (Encoder query = Encoder.create(architecture, manager)) {
                    query.load(in); // the query encoder comes first in the file
                }
            }
            encoder.load(in);
        } catch (IOException e) {
            encoder.close();
            throw new InputException(file + ": cannot load encoder weights (" + e.getMessage() + ")", e);
        }
        return encoder;
    }

    /** Restores the full training state into freshly built objects of the same architecture. */
    public void restore(PclModel model, Sgd sgd) {
        NDManager manager = model.queryEncoder().manager();
        try (DataInputStream in = bodyStream()) {
            model.queryEncoder().load(in);
            model.momentumEncoder().load(in);
            int n = in.readInt();
            List<NDArray> buffers = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] enc = new byte[in.readInt()];
                in.readFully(enc);
                buffers.add(Tensors.decode(manager, enc));
            }
            sgd.restore(buffers);
            float[] q = new float[in.readInt()];
            for (int i = 0; i < q.length; i++) {
                q[i] = in.readFloat();
            }
            model.queue().restore(q, header.queuePointer());
        } catch (IOException e) {
            throw new InputException(file + ": cannot restore training state (" + e.getMessage() + ")", e);
        }
    }

    private DataInputStream bodyStream() {
        return new DataInputStream(new ByteArrayInputStream(body, bodyOffset, body.length - bodyOffset - 8));
    }

    /** The epoch number in a checkpoint file's name ({@code checkpoint-0003.pcl4j}: 3), or -1 for another name. */
    public static int epochOf(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /**
     * Keeps the {@link #KEEP} newest checkpoints up to the one just written. Files numbered above it are not this run's
     * line (one that did not verify when the run resumed, or a stray copy) and are neither counted nor deleted: counted,
     * they left a single valid checkpoint, or pruned the run's own.
     */
    private static void prune(Path dir, int written) throws IOException {
        List<Path> ours = list(dir).stream().filter(p -> epochOf(p) <= written).toList();
        for (int i = KEEP; i < ours.size(); i++) {
            Files.deleteIfExists(ours.get(i));
        }
    }
}
