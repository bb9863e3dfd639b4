package steward.command.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import steward.command.CommandStatus;
import steward.document.DocumentArn;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.storage.CommandStore;

/**
 * ListCommands' and ListCommandInvocations' filters: InvokedAfter and InvokedBefore (ISO-8601
 * times, inclusive), Status (a status or a StatusDetails word: TimedOut covers both time-outs,
 * DeliveryTimedOut or Incomplete pick the finer one), ExecutionStage (Executing or Complete) and
 * DocumentName. Filters are ANDed, so two different values of ExecutionStage or DocumentName
 * match nothing. A value outside a key's domain is InvalidFilterKey, the one filter error these
 * operations declare.
 */
record CommandFilters(Instant invokedAfter, Instant invokedBefore, List<String> statuses, Boolean executing,
                      String documentName, boolean matchesNothing, String binding) {
    static final List<String> STATUS_VALUES = List.of(CommandStatus.PENDING, CommandStatus.IN_PROGRESS,
            CommandStatus.SUCCESS, CommandStatus.CANCELLED, CommandStatus.FAILED, CommandStatus.TIMED_OUT,
            CommandStatus.CANCELLING, CommandStatus.DELAYED, "AccessDenied", CommandStatus.DELIVERY_TIMED_OUT,
            CommandStatus.EXECUTION_TIMED_OUT, CommandStatus.INCOMPLETE, CommandStatus.NO_INSTANCES_IN_TAG,
            "LimitExceeded", CommandStatus.UNDELIVERABLE, CommandStatus.TERMINATED);

    static CommandFilters parse(JsonNode filters) {
        Instant after = null;
        Instant before = null;
        List<String> statuses = new ArrayList<>();
        Boolean executing = null;
        String document = null;
        boolean nothing = false;
        TreeSet<String> binding = new TreeSet<>();
        if (filters != null && filters.isArray()) {
            for (JsonNode filter : filters) {
                String key = filter.path("key").asText();
                String value = filter.path("value").asText();
                binding.add(key + "=" + value);
                switch (key) {
                    case "InvokedAfter" -> after = later(after, time(key, value));
                    case "InvokedBefore" -> before = earlier(before, time(key, value));
                    case "Status" -> {
                        if (!STATUS_VALUES.contains(value)) {
                            throw invalid(key, value, "use one of " + String.join(", ", STATUS_VALUES));
                        }
                        statuses.add(value);
                    }
                    case "ExecutionStage" -> {
                        boolean stage = switch (value) {
                            case "Executing" -> true;
                            case "Complete" -> false;
                            default -> throw invalid(key, value, "use Executing or Complete");
                        };
                        nothing |= executing != null && executing != stage;
                        executing = stage;
                    }
                    case "DocumentName" -> {
                        String name = DocumentArn.nameOf(value);
                        nothing |= document != null && !document.equals(name);
                        document = name;
                    }
                    default -> throw new SsmException(ErrorCodes.INVALID_FILTER_KEY, "The filter key " + key
                            + " is not valid.");
                }
            }
        }
        return new CommandFilters(after, before, statuses, executing, document, nothing, String.join("\u0001", binding));
    }

    CommandStore.Query query(String commandId, String instanceId, boolean includeAssociationRuns) {
        return new CommandStore.Query(commandId, instanceId, invokedAfter, invokedBefore, statuses, executing,
                documentName, includeAssociationRuns);
    }

    private static Instant time(String key, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException again) {
                throw invalid(key, value, "use an ISO-8601 date and time such as 2024-05-01T00:00:00Z");
            }
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static SsmException invalid(String key, String value, String how) {
        return new SsmException(ErrorCodes.INVALID_FILTER_KEY, "The value " + value + " of filter " + key
                + " is not valid: " + how + ".");
    }
}
