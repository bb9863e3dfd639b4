package steward.command;

/**
 * How much output AWS keeps: GetCommandInvocation's StandardOutputContent holds the first
 * 24,000 characters and StandardErrorContent the first 8,000 (the service model's limits);
 * a plugin's Output holds 2,500, standard output first and then standard error after AWS's
 * separator line.
 */
public final class OutputLimits {
    public static final int STANDARD_OUTPUT = 24_000;
    public static final int STANDARD_ERROR = 8_000;
    public static final int PLUGIN_OUTPUT = 2_500;
    static final String ERROR_SEPARATOR = "\n----------ERROR-------\n";

    private OutputLimits() {
    }

    public static String cut(String text, int limit) {
        if (text == null) {
            return "";
        }
        if (text.length() <= limit) {
            return text;
        }
        // Never split a surrogate pair: the cut text must stay valid UTF-16.
        int end = Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
        return text.substring(0, end);
    }

    /** A plugin's Output: its standard output, then its standard error under the separator, cut to 2,500. */
    public static String pluginOutput(String stdout, String stderr) {
        String out = stdout == null ? "" : stdout;
        String text = stderr == null || stderr.isEmpty() ? out : out + ERROR_SEPARATOR + stderr;
        return cut(text, PLUGIN_OUTPUT);
    }
}
