package steward.server.settings;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** The value of every setting, each read from the flags, the environment, the config file or the default. */
public final class SettingValues {
    private final Map<Setting<?>, Object> values;

    private SettingValues(Map<Setting<?>, Object> values) {
        this.values = values;
    }

    /** Every setting at its default. */
    public static SettingValues defaults() {
        Map<Setting<?>, Object> values = new HashMap<>();
        for (Setting<?> s : Settings.all()) {
            values.put(s, s.defaultValue() == null ? null : s.parse(s.defaultValue()));
        }
        return new SettingValues(values);
    }

    static SettingValues of(Map<Setting<?>, Object> values) {
        return new SettingValues(new HashMap<>(values));
    }

    /** The value, or null for a setting without a default that was not given. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException("not a setting of this table: " + setting);
        }
        return (T) values.get(setting);
    }

    /** A copy with one value changed; for tests and for values settled after parsing. */
    public <T> SettingValues with(Setting<T> setting, T value) {
        Map<Setting<?>, Object> copy = new HashMap<>(values);
        copy.put(Objects.requireNonNull(setting), value);
        return new SettingValues(copy);
    }
}
