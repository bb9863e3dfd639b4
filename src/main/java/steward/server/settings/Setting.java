package steward.server.settings;

import java.util.Locale;
import java.util.function.Function;

/**
 * One setting of the server: its flag ({@code --name}), its environment variable
 * ({@code STEWARD_NAME}), its key in a config file ({@code name}), its default and its help.
 * A switch ({@code valueName == null}) takes no value on the command line and means true there.
 *
 * @param defaultValue the raw default, read like any other value; null for none
 * @param shownDefault how the default reads in help and in the README ("now", "none", "./data")
 */
public record Setting<T>(String name, String valueName, String defaultValue, String shownDefault, String help,
                         Function<String, T> parser) {
    public String flag() {
        return "--" + name;
    }

    public String environmentVariable() {
        return "STEWARD_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public boolean isSwitch() {
        return valueName == null;
    }

    /** {@code --port N}, or {@code --debug} for a switch. */
    public String usage() {
        return isSwitch() ? flag() : flag() + " " + valueName;
    }

    T parse(String raw) {
        return parser.apply(raw.trim());
    }

    @Override
    public String toString() {
        return flag();
    }
}
