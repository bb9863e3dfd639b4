package steward.association;

import java.time.Instant;

/** The legacy per-instance status of an association created with InstanceId. */
public record AssociationStatus(Instant date, String name, String message, String additionalInfo) {
}
