package steward.server.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import steward.testing.ClientProcess;

/**
 * The README's settings table is the table in {@link Settings}, row for row: a setting added
 * there fails this test until the README lists it (the failure prints the table to paste).
 */
class SettingsTableTest {
    @Test
    void theReadmeListsEverySettingOnce() throws Exception {
        String readme = Files.readString(ClientProcess.projectDir().resolve("README.md"));
        String table = Settings.markdownTable();
        assertTrue(readme.contains(table), "README.md must hold this table, exactly:\n\n" + table);
        for (Setting<?> s : Settings.all()) {
            assertEquals(1, readme.split("\\| `" + java.util.regex.Pattern.quote(s.usage().replace("|", "\\|")) + "` \\|",
                    -1).length - 1, "one row for " + s.flag());
        }
    }
}
