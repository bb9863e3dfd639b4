package steward.association;

import java.time.Instant;

/** One immutable version of an association's definition. */
public record AssociationVersion(String associationId, int version, Instant createdDate, AssociationDefinition definition) {
}
