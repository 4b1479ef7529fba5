package org.pcl4j.cli;

import java.util.Iterator;
import java.util.List;
import org.pcl4j.Choice;
import org.pcl4j.data.AugmentationPolicy;
import org.pcl4j.data.Split;
import org.pcl4j.eval.FeatureScaling;
import org.pcl4j.model.Arch;
import org.pcl4j.model.Head;
import org.pcl4j.train.Preset;
import org.pcl4j.train.Schedule;

/**
 * The accepted names of a {@link Choice} setting as picocli completion candidates, so that a flag's
 * help ({@code ${COMPLETION-CANDIDATES}}) lists the same names as {@link Choice#parse}'s error and
 * cannot drift from the enum. picocli instantiates these by class, hence one subclass per setting.
 */
abstract class ChoiceNames implements Iterable<String> {
    private final List<String> names;

    <E extends Enum<E> & Choice> ChoiceNames(Class<E> type) {
        names = Choice.names(type);
    }

    @Override
    public Iterator<String> iterator() {
        return names.iterator();
    }

    static final class Presets extends ChoiceNames {
        Presets() { super(Preset.class); }
    }

    static final class Archs extends ChoiceNames {
        Archs() { super(Arch.class); }
    }

    static final class Heads extends ChoiceNames {
        Heads() { super(Head.class); }
    }

    static final class Augmentations extends ChoiceNames {
        Augmentations() { super(AugmentationPolicy.class); }
    }

    static final class Schedules extends ChoiceNames {
        Schedules() { super(Schedule.class); }
    }

    static final class Splits extends ChoiceNames {
        Splits() { super(Split.class); }
    }

    static final class Scalings extends ChoiceNames {
        Scalings() { super(FeatureScaling.class); }
    }
}
