package dev.edgeperf.examples.sermon;

/** A setting that stops start-up; the message is the one line printed before exiting with code 2. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A bad setting, described in one line naming the variable, its value and what is allowed. */
    public ConfigException(String message) {
        super(message);
    }
}
