package steward.server.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the settings from command-line flags, then {@code STEWARD_*} environment variables,
 * then the {@code --config} file, then the defaults: the first that has a value wins. Every
 * problem is an {@link InvalidSettingException} whose message names the setting and where
 * its bad value came from.
 */
public final class SettingsResolver {
    private final List<Setting<?>> settings;

    public SettingsResolver(List<Setting<?>> settings) {
        this.settings = settings;
    }

    public static SettingValues resolve(String[] args, Map<String, String> environment) {
        return new SettingsResolver(Settings.all()).read(args, environment);
    }

    public SettingValues read(String[] args, Map<String, String> environment) {
        Map<Setting<?>, String> flags = flags(args);
        Map<Setting<?>, String> env = new HashMap<>();
        for (Setting<?> s : settings) {
            String value = environment.get(s.environmentVariable());
            if (value != null && !value.isBlank()) {
                env.put(s, value);
            }
        }
        Map<Setting<?>, String> file = Map.of();
        String configFile = flags.containsKey(Settings.CONFIG) ? flags.get(Settings.CONFIG) : env.get(Settings.CONFIG);
        if (configFile != null) {
            file = file(Path.of(configFile.trim()));
        }
        Map<Setting<?>, Object> values = new HashMap<>();
        for (Setting<?> s : settings) {
            String raw;
            String source;
            if (flags.containsKey(s)) {
                raw = flags.get(s);
                source = s.flag();
            } else if (env.containsKey(s)) {
                raw = env.get(s);
                source = s.environmentVariable();
            } else if (file.containsKey(s)) {
                raw = file.get(s);
                source = "'" + s.name() + "' in " + configFile;
            } else {
                values.put(s, s.defaultValue() == null ? null : s.parse(s.defaultValue()));
                continue;
            }
            try {
                values.put(s, s.parse(raw));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(source + " " + e.getMessage());
            }
        }
        return SettingValues.of(values);
    }

    private Map<Setting<?>, String> flags(String[] args) {
        Map<Setting<?>, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            Setting<?> setting = byFlag(name);
            if (setting == null) {
                throw new InvalidSettingException(arg.startsWith("-") ? "unknown option " + name
                        : "unexpected argument " + arg);
            }
            if (value == null) {
                if (setting.isSwitch()) {
                    value = "true";
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new InvalidSettingException(name + " needs a value (" + setting.usage() + ")");
                }
            }
            flags.put(setting, value);
        }
        return flags;
    }

    private Setting<?> byFlag(String flag) {
        for (Setting<?> s : settings) {
            if (s.flag().equals(flag)) {
                return s;
            }
        }
        return null;
    }

    /** The file's settings as text, keyed by the settings' names; YAML or TOML by its extension. */
    private Map<Setting<?>, String> file(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper;
        if (name.endsWith(".toml")) {
            mapper = new TomlMapper();
        } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            mapper = new YAMLMapper();
        } else {
            throw new InvalidSettingException("the config file " + path + " must end in .yaml, .yml or .toml");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            throw new InvalidSettingException("the config file " + path + " does not exist");
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                    .orElse("");
            throw new InvalidSettingException("the config file " + path + " cannot be read: " + reason);
        }
        Map<Setting<?>, String> values = new HashMap<>();
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return values;
        }
        if (!tree.isObject()) {
            throw new InvalidSettingException("the config file " + path + " must hold settings as name: value pairs");
        }
        for (Map.Entry<String, JsonNode> entry : tree.properties()) {
            Setting<?> setting = byFlag("--" + entry.getKey());
            if (setting == null || setting == Settings.CONFIG) {
                throw new InvalidSettingException("the config file " + path + " has an unknown setting '"
                        + entry.getKey() + "'; the settings are named as the flags without their dashes, e.g. 'data-dir'");
            }
            JsonNode value = entry.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw new InvalidSettingException("'" + entry.getKey() + "' in " + path + " must be a single value");
            }
            values.put(setting, value.asText());
        }
        return values;
    }
}
