package org.pcl4j.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.annotations.SerializedName;

/**
 * One line of {@code OUT/metrics.jsonl}: the means over the epoch's steps and the epoch's timings.
 * This record is the one schema of that file: the trainer writes it, checkpoints carry it, and
 * {@code eval.MetricsLog} and the plots read it, all through {@link #toJson()}/{@link #fromJson}.
 *
 * <p>JSON names are snake_case ({@code loss_instance}, {@code knn_top1}, ...), fixed on the
 * components themselves so that every {@link Gson} reads and writes the same keys (checkpoints of
 * older versions wrote camelCase keys, accepted as alternates). A value that does not apply (no
 * prototype term during warm-up, no labels for kNN) or that an older file lacks is {@code null}.
 *
 * @param epoch 1-based epoch
 */
public record EpochMetrics(
        int epoch,
        Double lr,
        Double loss,
        @SerializedName(value = "loss_instance", alternate = "lossInstance") Double lossInstance,
        @SerializedName(value = "loss_proto", alternate = "lossProto") Double lossProto,
        @SerializedName(value = "acc_instance", alternate = "accInstance") Double accInstance,
        @SerializedName(value = "acc_proto", alternate = "accProto") Double accProto,
        @SerializedName(value = "images_per_s", alternate = "imagesPerS") Double imagesPerS,
        @SerializedName(value = "estep_seconds", alternate = "estepSeconds") Double estepSeconds,
        @SerializedName(value = "mstep_seconds", alternate = "mstepSeconds") Double mstepSeconds,
        @SerializedName(value = "knn_top1", alternate = "knnTop1") Double knnTop1,
        @SerializedName(value = "eval_seconds", alternate = "evalSeconds") Double evalSeconds,
        @SerializedName(value = "epoch_seconds", alternate = "epochSeconds") Double epochSeconds) {

    /** Nulls are written ({@code "loss_proto": null}), and NaN/Inf as the JSON extensions. */
    private static final Gson GSON = new GsonBuilder().serializeNulls().serializeSpecialFloatingPointValues().create();

    /** The metrics.jsonl line of this epoch (without the newline). */
    public String toJson() {
        return GSON.toJson(this);
    }

    /** This epoch's line as a JSON object. */
    public JsonObject toJsonTree() {
        return GSON.toJsonTree(this).getAsJsonObject();
    }

    /**
     * A metrics.jsonl line read back; absent values are {@code null}.
     *
     * @throws IllegalArgumentException if it is not a JSON object with an {@code "epoch"} number, or a
     *     value is not a number or null; the message names the key
     */
    public static EpochMetrics fromJson(JsonElement json) {
        if (json == null || !json.isJsonObject()) {
            throw new IllegalArgumentException("not a JSON object; expected one with an \"epoch\" number");
        }
        JsonElement epoch = json.getAsJsonObject().get("epoch");
        if (epoch == null || epoch.isJsonNull()) {
            throw new IllegalArgumentException("no \"epoch\"; expected a JSON object with an \"epoch\" number");
        }
        try {
            epoch.getAsInt();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("\"epoch\" is " + epoch + "; expected an integer", e);
        }
        try {
            return GSON.fromJson(json, EpochMetrics.class);
        } catch (RuntimeException e) {
            // Gson's message says what it expected, not which key held what: find the key.
            for (java.lang.reflect.RecordComponent c : EpochMetrics.class.getRecordComponents()) {
                SerializedName n = c.getAnnotation(SerializedName.class);
                java.util.List<String> keys = new java.util.ArrayList<>(java.util.List.of(n == null ? c.getName() : n.value()));
                if (n != null) {
                    keys.addAll(java.util.List.of(n.alternate()));
                }
                for (String key : keys) {
                    JsonElement v = json.getAsJsonObject().get(key);
                    if (v == null || v.isJsonNull()) {
                        continue;
                    }
                    try {
                        GSON.fromJson(v, c.getType());
                    } catch (RuntimeException bad) {
                        throw new IllegalArgumentException("\"" + key + "\" is " + v + "; expected a number or null", e);
                    }
                }
            }
            throw e;
        }
    }

    /** A JSON line (see {@link #fromJson(JsonElement)}). */
    public static EpochMetrics fromJson(String line) {
        return fromJson(GSON.fromJson(line, JsonElement.class));
    }

    /** The same numbers under another epoch number (renumbering files of older versions). */
    public EpochMetrics withEpoch(int newEpoch) {
        return new EpochMetrics(newEpoch, lr, loss, lossInstance, lossProto, accInstance, accProto, imagesPerS, estepSeconds,
                mstepSeconds, knnTop1, evalSeconds, epochSeconds);
    }

    /** This line with an end-of-epoch evaluation filled in; its time counts towards the epoch's. */
    public EpochMetrics withEvaluation(Double knnTop1, double evalSeconds) {
        return new EpochMetrics(epoch, lr, loss, lossInstance, lossProto, accInstance, accProto, imagesPerS, estepSeconds, mstepSeconds,
                knnTop1, evalSeconds, (epochSeconds == null ? 0 : epochSeconds) + evalSeconds);
    }
}
