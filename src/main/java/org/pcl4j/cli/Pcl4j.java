package org.pcl4j.cli;

import java.io.PrintWriter;
import org.pcl4j.InputException;
import org.pcl4j.SettingException;
import org.pcl4j.model.Devices;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pcl4j} command. Every sub-command is a small class in this package that turns flags
 * into the config records of the lower layers and calls them; no algorithm lives here.
 *
 * <p>Errors the user can fix ({@link InputException}, bad flags) print one line and exit 2; a stack
 * trace only with {@code --verbose}. A {@link SettingException} names a library setting, shown here
 * as its flag ({@link SettingFlags}).
 */
@Command(
        name = "pcl4j",
        mixinStandardHelpOptions = true,
        versionProvider = Pcl4j.Version.class,
        description = "Prototypical Contrastive Learning of image representations on the JVM.",
        subcommands = {CommandLine.HelpCommand.class, TrainCommand.class, EmbedCommand.class, ClusterCommand.class, EvalCommand.class, PlotCommand.class})
public final class Pcl4j implements java.util.concurrent.Callable<Integer> {
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Declared once here and inherited by every command. */
    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Stack traces on errors.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI in-process and returns its exit code (tests call this). */
    public static int run(String... args) {
        // Natives come from the Maven artifact on the class path; never download at run time.
        System.setProperty("ai.djl.offline", "true");
        CommandLine cli = commandLine();
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // An Error passes picocli's handler: it was a raw stack trace. Nothing the run wrote is lost (atomic writes).
            cli.getErr().println("pcl4j: failed: the JVM ran out of heap memory (" + e.getMessage() + ", at most "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB); give it more, e.g. PCL4J_JAVA_OPTS=-Xmx8g bin/pcl4j ...");
            cli.getErr().flush();
            return 1;
        }
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Pcl4j());
        cli.setExecutionExceptionHandler(Pcl4j::onError);
        cli.setParameterExceptionHandler(Pcl4j::onBadParameter);
        return cli;
    }

    /** {@code pcl4j} without a command: the usage, on stderr, and exit 2 (a script that forgot the command fails). */
    @Override
    public Integer call() {
        return missingSubcommand(spec);
    }

    /** A command that needs a sub-command and got none ({@code pcl4j}, {@code pcl4j eval}, {@code pcl4j plot}): usage on stderr, exit 2. */
    static int missingSubcommand(CommandLine.Model.CommandSpec command) {
        command.commandLine().usage(command.commandLine().getErr());
        command.commandLine().getErr().flush();
        return EXIT_USAGE;
    }

    private static int onBadParameter(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("pcl4j: error: " + e.getMessage());
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the flags and their defaults.");
        return EXIT_USAGE;
    }

    private static int onError(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        boolean verbose = cli.getCommandSpec().root().userObject() instanceof Pcl4j root && root.verbose;
        Throwable cause = e;
        while (!(cause instanceof InputException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof InputException) {
            err.println("pcl4j: error: " + (cause instanceof SettingException se ? SettingFlags.message(se) : cause.getMessage()));
            if (verbose) {
                e.printStackTrace(err);
            }
            return EXIT_USAGE;
        }
        err.println("pcl4j: failed: " + e);
        if (verbose) {
            e.printStackTrace(err);
        } else {
            err.println("(run again with --verbose for the stack trace)");
        }
        return 1;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Pcl4j.class.getPackage().getImplementationVersion();
            return new String[] {
                "pcl4j " + (v == null ? "dev" : v),
                Devices.describeEngine(),
                "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                        + Runtime.getRuntime().availableProcessors() + " cores"
            };
        }
    }
}
