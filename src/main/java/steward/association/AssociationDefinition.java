package steward.association;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What one version of an association says: the members CreateAssociation and
 * UpdateAssociation accept. Structures Steward only stores and echoes (output location,
 * target locations and maps) stay as the JSON the client sent, already checked against the model.
 */
public record AssociationDefinition(
        String name,
        String documentVersion,
        String instanceId,
        Map<String, List<String>> parameters,
        List<Target> targets,
        String scheduleExpression,
        JsonNode outputLocation,
        String associationName,
        String automationTargetParameterName,
        String maxErrors,
        String maxConcurrency,
        String complianceSeverity,
        String syncCompliance,
        Boolean applyOnlyAtCronInterval,
        List<String> calendarNames,
        JsonNode targetLocations,
        Integer scheduleOffset,
        Integer duration,
        JsonNode targetMaps,
        AlarmConfiguration alarmConfiguration,
        String associationDispatchAssumeRole) {

    public boolean appliesOnlyAtCronInterval() {
        return Boolean.TRUE.equals(applyOnlyAtCronInterval);
    }

    public boolean hasTargets() {
        return targets != null && !targets.isEmpty();
    }
}
