package org.pcl4j;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting of a library config (a {@code TrainConfig} component, an {@code EncoderConfig} field, …)
 * holds a value that is not allowed. The exception names the <em>setting</em>, not a command-line
 * flag: library code knows nothing of the CLI.
 *
 * <p>The message is a template in which every setting it mentions is written {@code {name}}, e.g.
 * {@code "{warmupEpochs} 10 must be smaller than {epochs} 10"}. {@link #getMessage()} writes the
 * setting names as they are ({@code "warmupEpochs 10 must be smaller than epochs 10"}); the CLI
 * renders the same template with its flags ({@link #message(Function)}), so a user still reads
 * {@code --warmup-epochs 10 must be smaller than --epochs 10}.
 */
public class SettingException extends InputException {
    private static final long serialVersionUID = 1L;
    private static final Pattern REFERENCE = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    private final String setting;
    private final String template;

    /**
     * @param setting  the setting that is wrong, e.g. {@code "batchSize"}
     * @param template the one-line message, each setting it names written {@code {name}}
     */
    public SettingException(String setting, String template) {
        super(render(template, Function.identity()));
        this.setting = setting;
        this.template = template;
    }

    /** As {@link #SettingException(String, String)}, with the exception that caused it. */
    public SettingException(String setting, String template, Throwable cause) {
        super(render(template, Function.identity()), cause);
        this.setting = setting;
        this.template = template;
    }

    /** The name of the setting that is wrong, e.g. {@code "batchSize"}. */
    public String setting() {
        return setting;
    }

    /** The message with every {@code {name}} replaced by {@code nameOf.apply(name)}. */
    public String message(Function<String, String> nameOf) {
        return render(template, nameOf);
    }

    private static String render(String template, Function<String, String> nameOf) {
        Matcher m = REFERENCE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(nameOf.apply(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
