package steward.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import steward.errors.SsmException;
import steward.protocol.ApiRequest;
import steward.schedule.ClockControl;

/**
 * {@code GET /_steward/clock} tells the time; {@code POST /_steward/clock} with
 * {@code {"AdvanceSeconds": n}} or {@code {"SetTime": "<ISO-8601>"}} moves a manual clock,
 * firing every due time it passes before answering {@code {"Time", "Mode", "Fired"}}.
 */
final class ClockEndpoint {
    record ClockJson(String time, String mode, Integer fired) {
    }

    private ClockEndpoint() {
    }

    static Object handle(ClockControl clock, String method, String path, ApiRequest request) {
        String mode = clock.manual() ? "manual" : "system";
        if (method.equals("GET")) {
            return new ClockJson(clock.now().toString(), mode, null);
        }
        if (!method.equals("POST")) {
            throw ControlError.methodNotAllowed(method, path, "GET, POST");
        }
        JsonNode body = ControlBodies.object(request.body());
        JsonNode advance = body.get("AdvanceSeconds");
        JsonNode set = body.get("SetTime");
        if ((advance == null) == (set == null)) {
            throw SsmException.validation("Give exactly one of AdvanceSeconds (a whole number of seconds) and SetTime "
                    + "(an ISO-8601 time such as 2024-05-01T10:00:00Z).");
        }
        try {
            ClockControl.Move move;
            if (advance != null) {
                if (!advance.canConvertToLong() || !advance.isIntegralNumber()) {
                    throw SsmException.validation("AdvanceSeconds must be a whole number of seconds, not " + advance + ".");
                }
                move = clock.advance(Duration.ofSeconds(advance.longValue()));
            } else {
                move = clock.setTime(parse(set));
            }
            return new ClockJson(move.time().toString(), mode, move.fired());
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw SsmException.validation(e.getMessage());
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw SsmException.validation("That move takes the clock beyond the times it can represent.");
        }
    }

    private static Instant parse(JsonNode value) {
        if (!value.isTextual()) {
            throw SsmException.validation("SetTime must be an ISO-8601 time such as 2024-05-01T10:00:00Z.");
        }
        try {
            return OffsetDateTime.parse(value.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            throw SsmException.validation("SetTime '" + value.textValue() + "' is not an ISO-8601 time such as "
                    + "2024-05-01T10:00:00Z.");
        }
    }
}
