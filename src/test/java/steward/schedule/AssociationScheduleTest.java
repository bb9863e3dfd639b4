package steward.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;

class AssociationScheduleTest {

    @ParameterizedTest(name = "{0} apply-only={1} offset={2}")
    @CsvSource(delimiter = '|', textBlock = """
            rate(30 minutes)       |       |
            rate(30 minutes)       | false |
            cron(0 0 ? * THU#2 *)  | true  |
            cron(0 0 ? * THU#2 *)  | true  | 3
            cron(0 0 ? * THU#2 *)  | true  | 1
            cron(0 0 ? * THU#2 *)  | true  | 6
            cron(0 0 ? * THU#2 *)  |       |
            at(2030-01-01T00:00:00)|       |
                                   |       |
                                   | false |
            """)
    void combinationSsmAcceptsIsNotRejected(String expression, Boolean applyOnly, Integer offset) {
        AssociationSchedule schedule = AssociationSchedule.validate(expression, applyOnly, offset);
        assertEquals(Optional.ofNullable(expression), schedule.expression().map(ScheduleExpression::expression));
        assertEquals(Boolean.TRUE.equals(applyOnly), schedule.applyOnlyAtCronInterval());
        assertEquals(offset == null ? OptionalInt.empty() : OptionalInt.of(offset), schedule.scheduleOffset());
    }

    @ParameterizedTest(name = "{0} apply-only={1} offset={2}")
    @CsvSource(delimiter = '|', textBlock = """
            rate(30 minutes)       | true  |   | ApplyOnlyAtCronInterval is not supported for rate expressions
            rate(30 minutes)       | true  | 2 | ApplyOnlyAtCronInterval is not supported for rate expressions
            rate(30 minutes)       |       | 2 | ScheduleOffset
            cron(0 0 ? * THU#2 *)  |       | 2 | ScheduleOffset
            cron(0 0 ? * THU#2 *)  | false | 2 | ScheduleOffset
            at(2030-01-01T00:00:00)| true  | 2 | ScheduleOffset
                                   |       | 2 | ScheduleOffset
                                   | true  |   | ApplyOnlyAtCronInterval requires a cron
            cron(0/5 * * * ? *)    | true  | 2 | more often than every 30 minutes
            """)
    void combinationSsmRefusesIsInvalidSchedule(String expression, Boolean applyOnly, Integer offset, String reason) {
        SsmException e = assertThrows(SsmException.class, () -> AssociationSchedule.validate(expression, applyOnly, offset));
        assertEquals(ErrorCodes.INVALID_SCHEDULE, e.code());
        assertTrue(e.getMessage().contains(reason), () -> "message was: " + e.getMessage());
    }

    @Test
    void offsetOutsideOneToSixIsTheModelsValidationError() {
        SsmException high = assertThrows(SsmException.class,
                () -> AssociationSchedule.validateForAssociation("cron(0 0 ? * THU#2 *)", true, 7));
        SsmException low = assertThrows(SsmException.class,
                () -> AssociationSchedule.validateForAssociation("cron(0 0 ? * THU#2 *)", true, 0));
        assertEquals(ErrorCodes.VALIDATION, high.code());
        assertTrue(high.getMessage().contains("less than or equal to 6"), high.getMessage());
        assertEquals(ErrorCodes.VALIDATION, low.code());
        assertTrue(low.getMessage().contains("greater than or equal to 1"), low.getMessage());
    }

    @ParameterizedTest(name = "{0} +{1} days from {2}")
    @CsvSource(delimiter = '|', textBlock = """
            cron(0 0 ? * THU#2 *)   | 3 | 2024-01-01T00:00:00Z | 2024-01-14T00:00:00Z 2024-02-11T00:00:00Z 2024-03-17T00:00:00Z
            cron(30 23 ? * TUE#3 *) | 2 | 2024-01-01T00:00:00Z | 2024-01-18T23:30:00Z 2024-02-22T23:30:00Z 2024-03-21T23:30:00Z
            cron(0 0 L * ? *)       | 2 | 2024-01-01T00:00:00Z | 2024-02-02T00:00:00Z 2024-03-02T00:00:00Z 2024-04-02T00:00:00Z
            cron(0 0 ? * THU#2 *)   | 3 | 2024-01-12T00:00:00Z | 2024-02-11T00:00:00Z 2024-03-17T00:00:00Z 2024-04-14T00:00:00Z
            cron(0 0 1 1 ? 2025)    | 6 | 2024-06-01T00:00:00Z | 2025-01-07T00:00:00Z none
            """)
    void offsetDueTimesLandWhereWorkedOutByHand(String expression, int offset, Instant anchor, String expected) {
        AssociationSchedule schedule = AssociationSchedule.validate(expression, true, offset);
        List<String> wanted = Arrays.asList(expected.split(" "));
        List<String> actual = new ArrayList<>();
        Instant after = anchor;
        while (actual.size() < wanted.size()) {
            Optional<Instant> due = schedule.nextDueAfter(anchor, after);
            actual.add(due.map(Instant::toString).orElse("none"));
            if (due.isEmpty()) {
                break;
            }
            after = due.get();
        }
        assertEquals(wanted, actual);
    }

    @Test
    void offsetDoesNotSkipCronFiresThatFallInsideTheOffsetWindow() {
        // Daily fires with a 3-day offset: checking right after one due time must find the next
        // day's, not jump three cron days ahead.
        AssociationSchedule daily = AssociationSchedule.validate("cron(0 6 * * ? *)", true, 3);
        Instant anchor = Instant.parse("2024-01-01T00:00:00Z");
        assertEquals(Optional.of(Instant.parse("2024-01-05T06:00:00Z")),
                daily.nextDueAfter(anchor, Instant.parse("2024-01-04T06:00:00Z")));
    }

    @Test
    void dueTimesWithoutOffsetFollowTheExpression() {
        Instant anchor = Instant.parse("2024-01-01T00:30:00Z");
        AssociationSchedule rate = AssociationSchedule.validate("rate(2 hours)", null, null);
        AssociationSchedule cron = AssociationSchedule.validate("cron(0 6 * * ? *)", false, null);
        assertEquals(Optional.of(Instant.parse("2024-01-01T06:30:00Z")),
                rate.nextDueAfter(anchor, Instant.parse("2024-01-01T05:00:00Z")));
        assertEquals(Optional.of(Instant.parse("2024-01-01T06:00:00Z")),
                cron.nextDueAfter(anchor, Instant.parse("2024-01-01T05:00:00Z")));
    }

    @Test
    void associationWithoutScheduleIsNeverDueAgain() {
        AssociationSchedule none = AssociationSchedule.validate(null, null, null);
        assertFalse(none.expression().isPresent());
        assertEquals(Optional.empty(), none.nextDueAfter(Instant.EPOCH, Instant.EPOCH));
    }
}
