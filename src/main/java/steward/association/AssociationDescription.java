package steward.association;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The AssociationDescription shape of the SSM API, for one version of an association. */
public record AssociationDescription(
        String name,
        String instanceId,
        String associationVersion,
        Instant date,
        Instant lastUpdateAssociationDate,
        AssociationStatus status,
        AssociationOverview overview,
        String documentVersion,
        String automationTargetParameterName,
        Map<String, List<String>> parameters,
        String associationId,
        List<Target> targets,
        String scheduleExpression,
        JsonNode outputLocation,
        Instant lastExecutionDate,
        Instant lastSuccessfulExecutionDate,
        String associationName,
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
        List<AlarmStateInformation> triggeredAlarms,
        String associationDispatchAssumeRole) {

    /** Describes {@code version} of {@code association}; the latest when they are the same. */
    public static AssociationDescription of(Association association, AssociationVersion version) {
        AssociationDefinition d = version.definition();
        return new AssociationDescription(d.name(), d.instanceId(), Integer.toString(version.version()),
                association.createdDate(), version.createdDate(), association.instanceStatus(), association.overview(),
                d.documentVersion(), d.automationTargetParameterName(), d.parameters(), association.associationId(),
                d.targets(), d.scheduleExpression(), d.outputLocation(), association.lastExecutionDate(),
                association.lastSuccessfulExecutionDate(), d.associationName(), d.maxErrors(), d.maxConcurrency(),
                d.complianceSeverity(), d.syncCompliance(), d.appliesOnlyAtCronInterval(), d.calendarNames(),
                d.targetLocations(), d.scheduleOffset(), d.duration(), d.targetMaps(), d.alarmConfiguration(), null,
                d.associationDispatchAssumeRole());
    }

    public static AssociationDescription latest(Association association) {
        return of(association, new AssociationVersion(association.associationId(), association.latestVersion(),
                association.lastUpdateDate(), association.definition()));
    }
}
