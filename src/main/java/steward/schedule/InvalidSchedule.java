package steward.schedule;

import steward.errors.ErrorCodes;
import steward.errors.SsmException;

/** Builds the InvalidSchedule errors, all worded "Schedule expression X is invalid: why". */
final class InvalidSchedule {
    private InvalidSchedule() {
    }

    static SsmException of(String expression, String reason) {
        String shown = expression.isEmpty() ? "(empty)" : expression;
        return new SsmException(ErrorCodes.INVALID_SCHEDULE, "Schedule expression " + shown + " is invalid: " + reason);
    }

    static SsmException plain(String message) {
        return new SsmException(ErrorCodes.INVALID_SCHEDULE, message);
    }
}
