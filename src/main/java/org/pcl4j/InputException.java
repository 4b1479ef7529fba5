package org.pcl4j;

/**
 * Bad input from the user: a file, a flag or a value that is not what pcl4j expects.
 *
 * <p>The message is one line that names the file or flag and says what was expected; the CLI
 * prints it without a stack trace and exits with code 2. Every layer throws it, which is why it
 * lives above the layered packages rather than in one of them.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
