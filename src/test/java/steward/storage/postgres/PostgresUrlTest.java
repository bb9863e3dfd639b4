package steward.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import steward.storage.Database;
import steward.testing.PostgresFixture;

/** {@code --database postgresql://...}: libpq's URI form, read into pgjdbc's URL and properties. */
class PostgresUrlTest {
    @Test
    void theUserAndPasswordArePercentDecodedAndKeptOutOfTheJdbcUrl() {
        PostgresUrl url = PostgresUrl.parse("postgresql://st%40ff:p%40ss%3Aw%2Frd+x@db.example:6543/steward?sslmode=require");
        assertEquals("jdbc:postgresql://db.example:6543/steward?sslmode=require", url.jdbcUrl());
        assertEquals("st@ff", url.user());
        assertEquals("p@ss:w/rd+x", url.password());
        assertEquals("postgresql://st@ff@db.example:6543/steward", url.display());
        assertFalse(url.toString().contains("p@ss"));
    }

    @Test
    void thePortDefaultsAndUserAndPasswordAreOptional() {
        PostgresUrl url = PostgresUrl.parse("postgres://db/steward");
        assertEquals("jdbc:postgresql://db:5432/steward", url.jdbcUrl());
        assertNull(url.user());
        assertNull(url.password());
        assertEquals("postgresql://[::1]:5432/s", PostgresUrl.parse("postgresql://[::1]/s").display());
    }

    @Test
    void aMalformedUrlSaysWhat() {
        assertTrue(message("mysql://db/x").contains("postgresql://"));
        assertTrue(message("postgresql://u@/x").contains("host"));
        assertTrue(message("postgresql://u@db").contains("one database"));
        assertTrue(message("postgresql://u@db/a/b").contains("one database"));
        assertTrue(message("postgresql://u:p%zz@db/x").contains("percent"));
        assertTrue(message("postgresql://u:pa ss@db/x").contains("percent-encode"));
    }

    @Test
    void aPasswordWithReservedCharactersOpensTheDatabase() {
        String url = PostgresFixture.databaseWithPassword("steward_reserved", "p@ss:w/rd %+?#é");
        try (Database database = PostgresFixture.open(url)) {
            assertTrue(database.reachable());
            assertTrue(database.sizeBytes() > 0);
        }
    }

    private static String message(String raw) {
        return assertThrows(IllegalArgumentException.class, () -> PostgresUrl.parse(raw)).getMessage();
    }
}
