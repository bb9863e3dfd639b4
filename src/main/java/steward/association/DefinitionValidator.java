package steward.association;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.schedule.AssociationSchedule;
import steward.tenant.Tenant;

/**
 * The rules of an association definition that the service model cannot express: target keys
 * and values, members that exclude each other, the legacy InstanceId form, the schedule and
 * the document's parameters. Runs after model validation and before anything is stored.
 */
final class DefinitionValidator {
    private static final Pattern INSTANCE_ID = Pattern.compile("(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)");
    private static final List<String> PLAIN_KEYS = List.of("InstanceIds", "tag-key", "ResourceGroup",
            "resource-groups:Name", "resource-groups:ResourceTypeFilters", "ParameterValues");

    private final DocumentRules documents;

    DefinitionValidator(DocumentRules documents) {
        this.documents = documents;
    }

    void validate(Tenant tenant, AssociationDefinition d) {
        checkLegacyForm(d);
        checkTargets(d);
        AssociationSchedule.validate(d.scheduleExpression(), d.applyOnlyAtCronInterval(), d.scheduleOffset());
        documents.check(tenant, d.name(), d.documentVersion(), d.parameters());
    }

    private static void checkLegacyForm(AssociationDefinition d) {
        if (d.instanceId() == null) {
            return;
        }
        List<String> conflicting = new ArrayList<>();
        addIf(conflicting, d.associationName() != null, "AssociationName");
        addIf(conflicting, d.documentVersion() != null, "DocumentVersion");
        addIf(conflicting, d.maxErrors() != null, "MaxErrors");
        addIf(conflicting, d.maxConcurrency() != null, "MaxConcurrency");
        addIf(conflicting, d.outputLocation() != null, "OutputLocation");
        addIf(conflicting, d.scheduleExpression() != null, "ScheduleExpression");
        if (!conflicting.isEmpty()) {
            throw SsmException.validation("InstanceId can't be used with " + String.join(", ", conflicting)
                    + "; use Targets with Key=InstanceIds instead.");
        }
        if (d.hasTargets() || d.targetMaps() != null) {
            throw new SsmException(ErrorCodes.INVALID_TARGET, "InstanceId and Targets (or TargetMaps) can't be specified together.");
        }
    }

    private static void checkTargets(AssociationDefinition d) {
        if (d.hasTargets() && d.targetMaps() != null && !d.targetMaps().isEmpty()) {
            throw new SsmException(ErrorCodes.INVALID_TARGET_MAPS, "Targets and TargetMaps can't be specified together.");
        }
        if (d.instanceId() == null && !d.hasTargets() && (d.targetMaps() == null || d.targetMaps().isEmpty())) {
            throw new SsmException(ErrorCodes.INVALID_TARGET, "Specify Targets (or TargetMaps) for the association.");
        }
        if (d.targets() == null) {
            return;
        }
        for (Target target : d.targets()) {
            checkTarget(target);
        }
    }

    private static void checkTarget(Target target) {
        String key = target.key();
        List<String> values = target.values() == null ? List.of() : target.values();
        if (key == null || !(PLAIN_KEYS.contains(key) || (key.startsWith("tag:") && key.length() > 4))) {
            throw new SsmException(ErrorCodes.INVALID_TARGET, "Target key " + key + " is not valid. Use InstanceIds, "
                    + "tag:<tag-name>, tag-key or ResourceGroup.");
        }
        if (values.isEmpty()) {
            throw new SsmException(ErrorCodes.INVALID_TARGET, "Target " + key + " must have at least one value.");
        }
        if (key.equals("InstanceIds")) {
            boolean wildcard = values.contains("*");
            if (wildcard && values.size() > 1) {
                throw new SsmException(ErrorCodes.INVALID_TARGET, "Target InstanceIds with * can't list other values.");
            }
            for (String value : values) {
                if (!wildcard && !INSTANCE_ID.matcher(value).matches()) {
                    throw new SsmException(ErrorCodes.INVALID_TARGET, "Target InstanceIds value " + value
                            + " is not a managed node id.");
                }
            }
        }
    }

    private static void addIf(List<String> names, boolean condition, String name) {
        if (condition) {
            names.add(name);
        }
    }
}
