package steward.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonTimestampTest {
    @Test
    void timestampsAreEpochSecondsWithMillisecondsWhateverTheFraction() throws Exception {
        for (String iso : new String[] {"2019-02-18T15:57:07.119Z", "2019-02-18T15:57:07Z", "2019-02-18T15:57:07.005Z",
                "2019-02-18T15:57:07.050Z", "1969-12-31T23:59:59.500Z", "1970-01-01T00:00:00Z"}) {
            Instant instant = Instant.parse(iso);
            String json = Json.MAPPER.writeValueAsString(instant);
            assertEquals(Json.epochSeconds(instant).toPlainString(), json, iso);
            assertEquals(instant, Json.MAPPER.readValue(json, Instant.class), iso);
            String fromTree = Json.MAPPER.writeValueAsString(Json.MAPPER.valueToTree(java.util.Map.of("T", instant)).get("T"));
            assertEquals(0, new java.math.BigDecimal(json).compareTo(new java.math.BigDecimal(fromTree)), iso);
            assertEquals(false, fromTree.contains("E"), "a tree built from the value prints a plain decimal: " + fromTree);
        }
    }
}
