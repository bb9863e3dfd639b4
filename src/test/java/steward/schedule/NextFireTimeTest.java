package steward.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fire times worked out by hand from a calendar. Each row walks the schedule from the start
 * instant, feeding every fire time back in; "none" marks that no further fire exists.
 */
class NextFireTimeTest {

    @ParameterizedTest(name = "{0} after {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            cron(0 10 * * ? *)              | 2024-03-10T09:59:59Z | 2024-03-10T10:00:00Z 2024-03-11T10:00:00Z 2024-03-12T10:00:00Z
            cron(0,30 * * * ? *)            | 2024-03-10T10:00:30Z | 2024-03-10T10:30:00Z 2024-03-10T11:00:00Z 2024-03-10T11:30:00Z
            cron(30 23 ? * TUE#3 *)         | 2024-01-01T00:00:00Z | 2024-01-16T23:30:00Z 2024-02-20T23:30:00Z 2024-03-19T23:30:00Z
            cron(0 30 23 ? * 3#3 *)         | 2024-01-01T00:00:00Z | 2024-01-16T23:30:00Z 2024-02-20T23:30:00Z 2024-03-19T23:30:00Z
            cron(0 0 ? * 1#5 *)             | 2024-01-01T00:00:00Z | 2024-03-31T00:00:00Z 2024-06-30T00:00:00Z 2024-09-29T00:00:00Z
            cron(0 0 L * ? *)               | 2024-01-31T00:00:00Z | 2024-02-29T00:00:00Z 2024-03-31T00:00:00Z 2024-04-30T00:00:00Z
            cron(0 0 L 2 ? *)               | 2023-03-01T00:00:00Z | 2024-02-29T00:00:00Z 2025-02-28T00:00:00Z 2026-02-28T00:00:00Z
            cron(0 12 LW * ? *)             | 2024-03-01T00:00:00Z | 2024-03-29T12:00:00Z 2024-04-30T12:00:00Z 2024-05-31T12:00:00Z
            cron(0 12 LW * ? *)             | 2024-06-01T00:00:00Z | 2024-06-28T12:00:00Z 2024-07-31T12:00:00Z 2024-08-30T12:00:00Z
            cron(0 9 15W * ? *)             | 2024-06-01T00:00:00Z | 2024-06-14T09:00:00Z 2024-07-15T09:00:00Z 2024-08-15T09:00:00Z
            cron(0 9 15W * ? *)             | 2024-08-16T00:00:00Z | 2024-09-16T09:00:00Z 2024-10-15T09:00:00Z 2024-11-15T09:00:00Z
            cron(0 9 1W * ? *)              | 2024-05-31T00:00:00Z | 2024-06-03T09:00:00Z 2024-07-01T09:00:00Z 2024-08-01T09:00:00Z
            cron(0 9 31W * ? *)             | 2024-03-01T00:00:00Z | 2024-03-29T09:00:00Z 2024-05-31T09:00:00Z 2024-07-31T09:00:00Z
            cron(0 8 ? * 6L *)              | 2024-01-01T00:00:00Z | 2024-01-26T08:00:00Z 2024-02-23T08:00:00Z 2024-03-29T08:00:00Z
            cron(0 10 ? * L *)              | 2024-06-01T10:00:00Z | 2024-06-08T10:00:00Z 2024-06-15T10:00:00Z 2024-06-22T10:00:00Z
            cron(0 12 ? * FRI-MON *)        | 2024-06-05T00:00:00Z | 2024-06-07T12:00:00Z 2024-06-08T12:00:00Z 2024-06-09T12:00:00Z 2024-06-10T12:00:00Z
            cron(15 6 ? jan-mar mon-fri 2025) | 2025-03-28T06:15:00Z | 2025-03-31T06:15:00Z none
            cron(0 0 29 FEB ? *)            | 2023-01-01T00:00:00Z | 2024-02-29T00:00:00Z 2028-02-29T00:00:00Z 2032-02-29T00:00:00Z
            cron(0 0 29 2 ? 2096-2104)      | 2096-03-01T00:00:00Z | 2104-02-29T00:00:00Z none
            cron(0 0 1 1 ? 2030/5)          | 2024-06-01T00:00:00Z | 2030-01-01T00:00:00Z 2035-01-01T00:00:00Z 2040-01-01T00:00:00Z
            cron(0 0 1 1 ? 2020)            | 2024-01-01T00:00:00Z | none
            cron(0 0 31 * ? *)              | 2024-01-31T00:00:00Z | 2024-03-31T00:00:00Z 2024-05-31T00:00:00Z 2024-07-31T00:00:00Z
            cron(0 0/6 * * ? *)             | 2024-12-31T20:00:00Z | 2025-01-01T00:00:00Z 2025-01-01T06:00:00Z 2025-01-01T12:00:00Z
            cron(0 22-2/2 * * ? *)          | 2024-12-31T21:00:00Z | 2024-12-31T22:00:00Z 2025-01-01T00:00:00Z 2025-01-01T02:00:00Z 2025-01-01T22:00:00Z
            cron(0 0 1 * ? 2199)            | 2199-11-15T00:00:00Z | 2199-12-01T00:00:00Z none
            cron(0 0 1 * ? *)               | 1965-05-05T00:00:00Z | 1970-01-01T00:00:00Z 1970-02-01T00:00:00Z 1970-03-01T00:00:00Z
            at(2024-02-29T15:55:00)         | 2024-01-01T00:00:00Z | 2024-02-29T15:55:00Z none
            at(2020-07-07T15:55:00)         | 2024-01-01T00:00:00Z | none
            rate(2 hours)                   | 2024-01-01T05:00:00Z | 2024-01-01T07:00:00Z 2024-01-01T09:00:00Z 2024-01-01T11:00:00Z
            rate(1 day)                     | 2024-02-28T10:15:00Z | 2024-02-29T10:15:00Z 2024-03-01T10:15:00Z 2024-03-02T10:15:00Z
            """)
    void fireTimesLandWhereWorkedOutByHand(String expression, Instant start, String expected) {
        ScheduleExpression schedule = ScheduleExpression.parse(expression);
        List<String> wanted = Arrays.asList(expected.split(" "));
        List<String> actual = new ArrayList<>();
        Instant after = start;
        while (actual.size() < wanted.size()) {
            Optional<Instant> next = schedule.nextFireAfter(after);
            actual.add(next.map(Instant::toString).orElse("none"));
            if (next.isEmpty()) {
                break;
            }
            after = next.get();
        }
        assertEquals(wanted, actual);
    }

    @Test
    void rateStaysOnItsAnchorGridInsteadOfDriftingWithLateChecks() {
        ScheduleExpression rate = ScheduleExpression.parse("rate(2 hours)");
        Instant anchor = Instant.parse("2024-01-01T00:30:00Z");
        assertEquals(Optional.of(Instant.parse("2024-01-01T06:30:00Z")),
                rate.nextFireAfter(anchor, Instant.parse("2024-01-01T05:17:42Z")));
        assertEquals(Optional.of(Instant.parse("2024-01-01T08:30:00Z")),
                rate.nextFireAfter(anchor, Instant.parse("2024-01-01T06:30:00Z")));
    }

    @Test
    void rateFiresAtItsAnchorWhenAskedFromBeforeIt() {
        ScheduleExpression rate = ScheduleExpression.parse("rate(30 minutes)");
        Instant anchor = Instant.parse("2024-01-01T00:00:00Z");
        assertEquals(Optional.of(anchor), rate.nextFireAfter(anchor, anchor.minusSeconds(1)));
    }

    @Test
    void cronAndAtIgnoreTheAnchor() {
        Instant anchor = Instant.parse("2030-01-01T00:00:00Z");
        Instant after = Instant.parse("2024-01-01T00:00:00Z");
        assertEquals(Optional.of(Instant.parse("2024-01-01T10:00:00Z")),
                ScheduleExpression.parse("cron(0 10 * * ? *)").nextFireAfter(anchor, after));
        assertEquals(Optional.of(Instant.parse("2024-06-01T00:00:00Z")),
                ScheduleExpression.parse("at(2024-06-01T00:00:00)").nextFireAfter(anchor, after));
    }

    @Test
    void cronThatCanNeverFireAnswersEmptyWithoutScanningMinutes() {
        ScheduleExpression never = ScheduleExpression.parse("cron(0,30 * 30 FEB ? *)");
        ScheduleExpression rare = ScheduleExpression.parse("cron(0 0 ? 2 1#5 *)");
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertEquals(Optional.empty(), never.nextFireAfter(Instant.parse("1970-01-01T00:00:00Z")));
            // Five Sundays in February only when Feb 1 of a leap year is a Sunday: 2032, then 2060.
            assertEquals(Optional.of(Instant.parse("2032-02-29T00:00:00Z")),
                    rare.nextFireAfter(Instant.parse("2024-01-01T00:00:00Z")));
        });
    }

    @Test
    void extremeInstantsDoNotOverflow() {
        ScheduleExpression cron = ScheduleExpression.parse("cron(0 0 * * ? *)");
        ScheduleExpression rate = ScheduleExpression.parse("rate(1 day)");
        assertEquals(Optional.empty(), cron.nextFireAfter(Instant.MAX));
        assertEquals(Optional.of(Instant.parse("1970-01-01T00:00:00Z")), cron.nextFireAfter(Instant.MIN));
        assertEquals(Optional.empty(), rate.nextFireAfter(Instant.MAX));
    }
}
