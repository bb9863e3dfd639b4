package steward.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import steward.errors.SsmException;

/**
 * The schedule members of an association taken together: ScheduleExpression,
 * ApplyOnlyAtCronInterval and ScheduleOffset, checked against each other as
 * CreateAssociation and UpdateAssociation do.
 *
 * <p>A ScheduleOffset delays each cron fire by whole days. As SSM documents, a cron fire that
 * fell before the association existed does not run even if its offset date is still ahead: only
 * fires after the anchor count, and each runs at fire + offset days.
 */
public final class AssociationSchedule {
    public static final int MIN_SCHEDULE_OFFSET = 1;
    public static final int MAX_SCHEDULE_OFFSET = 6;

    private final ScheduleExpression expression;
    private final boolean applyOnlyAtCronInterval;
    private final int scheduleOffset;

    private AssociationSchedule(ScheduleExpression expression, boolean applyOnlyAtCronInterval, int scheduleOffset) {
        this.expression = expression;
        this.applyOnlyAtCronInterval = applyOnlyAtCronInterval;
        this.scheduleOffset = scheduleOffset;
    }

    /**
     * Checks the three members together; null means the member was not sent. An association
     * without a ScheduleExpression is allowed (it runs once) but then takes neither flag.
     *
     * @throws SsmException InvalidSchedule for a bad expression or a combination SSM refuses;
     *     ValidationException for a ScheduleOffset outside 1-6, as the API model's range does
     */
    public static AssociationSchedule validate(String expression, Boolean applyOnlyAtCronInterval, Integer scheduleOffset) {
        ScheduleExpression parsed = expression == null ? null : ScheduleExpression.parse(expression);
        boolean applyOnly = Boolean.TRUE.equals(applyOnlyAtCronInterval);
        if (scheduleOffset != null && (scheduleOffset < MIN_SCHEDULE_OFFSET || scheduleOffset > MAX_SCHEDULE_OFFSET)) {
            throw SsmException.validation("1 validation error detected: Value '" + scheduleOffset
                    + "' at 'scheduleOffset' failed to satisfy constraint: Member must have value "
                    + (scheduleOffset < MIN_SCHEDULE_OFFSET
                            ? "greater than or equal to " + MIN_SCHEDULE_OFFSET
                            : "less than or equal to " + MAX_SCHEDULE_OFFSET));
        }
        if (applyOnly && parsed == null) {
            throw InvalidSchedule.plain("ApplyOnlyAtCronInterval requires a cron ScheduleExpression");
        }
        if (applyOnly && parsed.kind() == ScheduleExpression.Kind.RATE) {
            throw InvalidSchedule.plain("ApplyOnlyAtCronInterval is not supported for rate expressions: "
                    + parsed.expression());
        }
        if (scheduleOffset != null && (parsed == null || parsed.kind() != ScheduleExpression.Kind.CRON || !applyOnly)) {
            throw InvalidSchedule.plain(
                    "ScheduleOffset can only be used with a cron ScheduleExpression and ApplyOnlyAtCronInterval set to true");
        }
        return new AssociationSchedule(parsed, applyOnly, scheduleOffset == null ? 0 : scheduleOffset);
    }

    /** Validates without keeping the result, for callers that only need the check. */
    public static void validateForAssociation(String expression, Boolean applyOnlyAtCronInterval, Integer scheduleOffset) {
        validate(expression, applyOnlyAtCronInterval, scheduleOffset);
    }

    public Optional<ScheduleExpression> expression() {
        return Optional.ofNullable(expression);
    }

    public boolean applyOnlyAtCronInterval() {
        return applyOnlyAtCronInterval;
    }

    public OptionalInt scheduleOffset() {
        return scheduleOffset == 0 ? OptionalInt.empty() : OptionalInt.of(scheduleOffset);
    }

    /**
     * The next time the association is due strictly after {@code after}, for an association
     * whose schedule started at {@code anchor} (created or last updated). Rate schedules stay
     * on the anchor's grid; cron fires after the anchor are shifted by the ScheduleOffset.
     * Empty when there is no schedule or it never fires again.
     */
    public Optional<Instant> nextDueAfter(Instant anchor, Instant after) {
        if (expression == null) {
            return Optional.empty();
        }
        if (scheduleOffset == 0) {
            return expression.nextFireAfter(anchor, after);
        }
        return nextOffsetFire(expression, scheduleOffset, anchor, after);
    }

    /**
     * The first {@code fire + offsetDays} strictly after {@code after} among the fires of
     * {@code schedule} strictly after {@code anchor}.
     */
    public static Optional<Instant> nextOffsetFire(ScheduleExpression schedule, int offsetDays, Instant anchor, Instant after) {
        Duration offset = Duration.ofDays(offsetDays);
        try {
            Instant earliestFire = after.minus(offset);
            Instant from = earliestFire.isAfter(anchor) ? earliestFire : anchor;
            return schedule.nextFireAfter(anchor, from).map(fire -> fire.plus(offset));
        } catch (DateTimeException | ArithmeticException beyondInstantRange) {
            return Optional.empty();
        }
    }
}
