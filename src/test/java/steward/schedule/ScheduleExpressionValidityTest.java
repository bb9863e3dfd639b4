package steward.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;

class ScheduleExpressionValidityTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            rate(30 minutes)                    | RATE
            rate(1 hour)                        | RATE
            rate(2 hours)                       | RATE
            rate(1 day)                         | RATE
            rate(30 days)                       | RATE
            rate(743 hours)                     | RATE
            rate(44639 minutes)                 | RATE
            cron(0 * * * ? *)                   | CRON
            cron(0,30 * * * ? *)                | CRON
            cron(*/30 * * * ? *)                | CRON
            cron(15,45 9-17 ? * MON-FRI *)      | CRON
            cron(0 10 * * ? *)                  | CRON
            cron(0 0 L * ? *)                   | CRON
            cron(0 0 LW * ? *)                  | CRON
            cron(0 0 15W * ? *)                 | CRON
            cron(0 0 ? * 6L *)                  | CRON
            cron(0 0 ? * FRIL *)                | CRON
            cron(0 0 ? * L *)                   | CRON
            cron(0 0 ? * 3#2 *)                 | CRON
            cron(0 0 ? * tue#3 *)               | CRON
            cron(0 30 23 ? * TUE#3 *)           | CRON
            cron(0 0 1 jan,Jul ? 2024-2199)     | CRON
            cron(0 0 1 * ? 2030/5)              | CRON
            cron(0 0 1/5 */2 ? 1970)            | CRON
            cron(0 22-2 * * ? *)                | CRON
            cron(0 0 ? * FRI-MON *)             | CRON
            cron(0,40 0,23 ? * MON *)           | CRON
            cron(0 0 29 2 ? *)                  | CRON
            at(2024-02-29T15:55:00)             | AT
            at(2199-12-31T23:59:59)             | AT
            """)
    void validExpressionIsNotRejected(String expression, ScheduleExpression.Kind kind) {
        ScheduleExpression parsed = ScheduleExpression.parse(expression);
        assertEquals(kind, parsed.kind());
        assertEquals(expression, parsed.expression());
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', quoteCharacter = '"', ignoreLeadingAndTrailingWhitespace = false, textBlock = """
            |required
            rate(29 minutes)|more often than every 30 minutes
            rate(1 minute)|more often than every 30 minutes
            rate(31 days)|at least once every 31 days
            rate(744 hours)|at least once every 31 days
            rate(44640 minutes)|at least once every 31 days
            rate(99999999999 minutes)|at least once every 31 days
            rate(1 minutes)|unit for 1 must be minute, hour or day
            rate(2 hour)|unit for 2 must be minutes, hours or days
            rate(5 weeks)|unit for 5
            rate(5 Hours)|unit for 5
            rate(0 hours)|greater than 0
            rate(-5 hours)|not a positive whole number
            rate(+5 hours)|not a positive whole number
            rate(1.5 hours)|not a positive whole number
            rate(05 hours)|leading zero
            rate(5  hours)|single space
            rate( 5 hours)|single space
            rate(5hours)|single space
            rate()|single space
            Rate(5 hours)|expected rate(...), cron(...) or at(...)
            every(5 hours)|expected rate(...), cron(...) or at(...)
            rate(5 hours|ending with ')'
            rate(5 hours) |ending with ')'
            cron(0/10 * * * ? *)|more often than every 30 minutes
            cron(0/15 * * * ? *)|more often than every 30 minutes
            cron(0,10 * * * ? *)|more often than every 30 minutes
            cron(* * * * ? *)|more often than every 30 minutes
            cron(0,40 * * * ? *)|more often than every 30 minutes
            cron(0,40 5-6 * * ? *)|more often than every 30 minutes
            cron(0,40 0,23 * * ? *)|more often than every 30 minutes
            cron(0 0 * * * *)|must be ?
            cron(0 0 ? * ? *)|cannot both be ?
            cron(0 0 * * ?)|expected 6 fields
            cron(0 0 0 * * ? * *)|expected 6 fields
            cron(5 0 0 * * ? *)|seconds field must be 0
            cron(0  0 * * ? *)|exactly one space
            cron( 0 0 * * ? *)|exactly one space
            cron(60 0 * * ? *)|minutes value 60 is outside 0-59
            cron(0 24 * * ? *)|hours value 24 is outside 0-23
            cron(0 0 32 * ? *)|day-of-month value 32 is outside 1-31
            cron(0 0 0 * ? *)|day-of-month value 0 is outside 1-31
            cron(0 0 * 13 ? *)|month value 13 is outside 1-12
            cron(0 0 * FOO ? *)|'FOO' is not a valid month value
            cron(0 0 ? * 8 *)|day-of-week value 8 is outside 1-7
            cron(0 0 ? * 0 *)|day-of-week value 0 is outside 1-7
            cron(0 0 * * ? 1969)|year value 1969 is outside 1970-2199
            cron(0 0 * * ? 2200)|year value 2200 is outside 1970-2199
            cron(0 0 * * ? 2199-1970)|runs backwards
            cron(0 0 ? * 3#6 *)|followed by 1 to 5
            cron(0 0 ? * 3#0 *)|followed by 1 to 5
            cron(0 0 ? * 1-3#2 *)|follows a single day
            cron(0 0 L-3 * ? *)|must stand alone
            cron(0 0 1,L * ? *)|must stand alone
            cron(0 0 1-5W * ? *)|one day number
            cron(0 0 32W * ? *)|day-of-month value 32 is outside 1-31
            cron(0 0 ? * */2 *)|increments (/) are not allowed in day-of-week
            cron(0 0/0 * * ? *)|increment must be from 1 to 24
            cron(0 0 1,,2 * ? *)|empty list entry
            cron(0 ? * * ? *)|? can only stand alone in day-of-month or day-of-week
            at(2023-02-29T00:00:00)|not a real date and time
            at(2024-13-01T00:00:00)|not a real date and time
            at(2024-01-01T24:00:00)|not a real date and time
            at(2024-01-01 00:00:00)|expected at(yyyy-MM-ddTHH:mm:ss)
            at(2024-01-01T00:00)|expected at(yyyy-MM-ddTHH:mm:ss)
            at(2024-01-01T00:00:00Z)|expected at(yyyy-MM-ddTHH:mm:ss)
            """)
    void invalidExpressionIsRejectedSayingWhy(String expression, String reason) {
        SsmException e = assertThrows(SsmException.class, () -> ScheduleExpression.parse(expression == null ? "" : expression));
        assertEquals(ErrorCodes.INVALID_SCHEDULE, e.code());
        assertTrue(e.getMessage().contains(reason), () -> "message was: " + e.getMessage());
    }

    @Test
    void tooFrequentCronNamesTheExpressionAndTheRule() {
        SsmException e = assertThrows(SsmException.class, () -> ScheduleExpression.parse("cron(0/10 * * * ? *)"));
        assertEquals("Schedule expression cron(0/10 * * * ? *) is invalid: "
                + "associations cannot run more often than every 30 minutes", e.getMessage());
    }

    @Test
    void nullExpressionIsInvalidScheduleNotNullPointer() {
        SsmException e = assertThrows(SsmException.class, () -> ScheduleExpression.parse(null));
        assertEquals(ErrorCodes.INVALID_SCHEDULE, e.code());
    }

    @ParameterizedTest
    @ValueSource(ints = {257, 100_000})
    void hugeExpressionIsNotEchoedBackInTheError(int length) {
        String expression = "cron(" + "0".repeat(length) + ")";
        SsmException e = assertThrows(SsmException.class, () -> ScheduleExpression.parse(expression));
        assertEquals(ErrorCodes.INVALID_SCHEDULE, e.code());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @Test
    void rateKeepsItsIntervalSoSchedulersNeedNotReparse() {
        RateSchedule rate = (RateSchedule) ScheduleExpression.parse("rate(743 hours)");
        assertEquals(java.time.Duration.ofHours(743), rate.interval());
    }

    @Test
    void sameTextParsesToEqualSchedules() {
        assertEquals(ScheduleExpression.parse("cron(0 0 L * ? *)"), ScheduleExpression.parse("cron(0 0 L * ? *)"));
    }
}
