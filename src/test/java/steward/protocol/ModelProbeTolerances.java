package steward.protocol;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The boundary probes of {@link ModelConstraintTest} that may be answered with a domain error
 * instead of 200, each with the reason: values the model allows that break a rule of the domain
 * the model does not state (an id that is well-formed but names nothing, a string of the right
 * length that is no schedule expression). Keep every entry as narrow as the reason it gives.
 */
final class ModelProbeTolerances {
    private ModelProbeTolerances() {
    }

    /**
     * Boundary probes that may be answered with a domain error, and why. A probe matches when its
     * operation and name match the patterns and the error is one of the codes; anything else that
     * is not 200 fails.
     */
    private record Tolerated(Pattern operation, Pattern probe, Set<String> codes, String why) {
        Tolerated(String operation, String probe, Set<String> codes, String why) {
            this(Pattern.compile(operation), Pattern.compile(probe), codes, why);
        }

        boolean covers(String op, String name, String code) {
            return operation.matcher(op).matches() && probe.matcher(name).matches() && codes.contains(code);
        }
    }

    /** What {@link #TOLERATED} calls a CreateAssociationBatch entry that failed in a 200. */
    static final String FAILED_ENTRY = "Failed entry";

    private static final List<Tolerated> TOLERATED = List.of(
            new Tolerated(".*", ".* pattern:matched", Set.of("AssociationDoesNotExist", "InvalidDocument",
                    "InvalidDocumentVersion", "InvalidAssociationVersion", "InvalidInstanceId",
                    "AssociationExecutionDoesNotExist", "InvalidResourceId"),
                    "an identifier replaced by a well-formed one of the model's pattern, which names nothing here"),
            new Tolerated("AddTagsToResource|RemoveTagsFromResource|ListTagsForResource",
                    "resourceType enum=(Automation|MaintenanceWindow|OpsItem|OpsMetadata|Parameter|PatchBaseline)",
                    Set.of("InvalidResourceType"), "a resource type Steward does not keep"),
            new Tolerated("AddTagsToResource|RemoveTagsFromResource|ListTagsForResource",
                    "resourceType enum=(ManagedInstance|Document)", Set.of("InvalidResourceId"),
                    "the base's ResourceId is an association's id, which names no managed node or document"),
            new Tolerated("CreateDocument|UpdateDocument", "content length=min", Set.of("InvalidDocumentContent"),
                    "one character of content is no JSON document"),
            new Tolerated("CreateDocument|UpdateDocument", "documentFormat enum=TEXT", Set.of("InvalidDocumentContent"),
                    "the base's document is a Command document, whose content must be JSON or YAML"),
            new Tolerated("CreateAssociation|UpdateAssociation", "scheduleExpression length=(min|max)",
                    Set.of("InvalidSchedule"), "a string of the allowed length that is no rate, cron or at expression"),
            new Tolerated("CreateAssociation|UpdateAssociation", "scheduleOffset value=(min|max)", Set.of("InvalidSchedule"),
                    "ScheduleOffset needs a cron ScheduleExpression with ApplyOnlyAtCronInterval, which the base has not"),
            new Tolerated("CreateAssociation|UpdateAssociation", "targets size=max|targets\\.1\\.member\\.key (length=(min|max)|pattern:matched)"
                            + "|targets\\.1\\.member\\.values size=max",
                    Set.of("InvalidTarget"), "a target key of the model's pattern that is not InstanceIds, tag:, tag-key "
                            + "or ResourceGroup (or a target without one), or fifty InstanceIds values that are not node ids"),
            new Tolerated("CreateAssociation", "tags size=max", Set.of("InvalidTag"),
                    "the model allows 1000 tags in the list, AWS keeps at most 50 on a resource"),
            new Tolerated("DescribeInstanceInformation", "filters\\.1\\.member\\.key length=min",
                    Set.of("InvalidFilterKey"), "a one-letter filter key, which names no filter"),
            new Tolerated("DescribeInstanceInformation", "instanceInformationFilterList\\.1\\.member\\..*",
                    Set.of("InvalidInstanceInformationFilterValue", "InvalidInstanceId"),
                    "the legacy filter's value is the model's minimal 'a', which is no value of that key (no status, "
                            + "platform or instance id)"),
            new Tolerated("ListDocuments|ListComplianceItems|ListComplianceSummaries|ListResourceComplianceSummaries",
                    "filters\\.1\\.member\\.key length=(min|max)", Set.of("InvalidFilterKey", "InvalidFilter"),
                    "a filter key of the allowed length that names no filter"),
            new Tolerated("ListComplianceItems|PutComplianceItems",
                    "resourceIds size=min|resourceIds\\.1\\.member length=(min|max)|resourceId length=(min|max)",
                    Set.of("InvalidResourceId"), "a resource id of the allowed length that names no managed node"),
            new Tolerated("ListComplianceItems|PutComplianceItems",
                    "resourceTypes size=min|resourceTypes\\.1\\.member length=(min|max)|resourceType length=(min|max)",
                    Set.of("InvalidResourceType"),
                    "a resource type of the allowed length that is not ManagedInstance, the only type compliance has"),
            new Tolerated("PutComplianceItems", "items size=max", Set.of("InvalidItemContentException"),
                    "the model's longest list repeats the base's item, and the ids of one upload must differ"),
            new Tolerated("PutComplianceItems", "uploadType enum=PARTIAL", Set.of("InvalidItemContentException"),
                    "PARTIAL applies only to ComplianceType Association, and the base's type is Custom:Probe"),
            new Tolerated("CreateActivation", "tags size=max", Set.of("InvalidParameters"),
                    "the model allows 1000 tags in the list, AWS keeps at most 50 on a resource"),
            new Tolerated("DeregisterManagedInstance|UpdateInstanceInformation", "instanceId length=(min|max)",
                    Set.of("InvalidInstanceId"), "an instance id of the allowed length that names no managed node"),
            new Tolerated("DeleteActivation", "activationId pattern:matched", Set.of("InvalidActivation"),
                    "an activation id of the model's pattern which names no activation"),
            new Tolerated("RegisterManagedInstance", "activationCode length=(min|max)|activationId pattern:matched",
                    Set.of("InvalidActivation"), "an activation id or code of the model's form that is not the "
                            + "activation's own (the code is checked against its salted hash)"),
            new Tolerated("RegisterManagedInstance", "publicKey length=(min|max)", Set.of("InvalidPublicKey"),
                    "a string of the allowed length that is no base64 DER RSA public key"),
            new Tolerated("SendCommand|CancelCommand|GetCommandInvocation|ListCommands|ListCommandInvocations",
                    "commandId length=(min|max)", Set.of("InvalidCommandId"),
                    "a command id of the model's length (it has no pattern) that names no command"),
            new Tolerated("SendCommand|CancelCommand", "instanceIds size=max", Set.of("InvalidInstanceId"),
                    "fifty well-formed instance ids that name no managed node (or no node the command was sent to)"),
            new Tolerated("GetCommandInvocation", "instanceId pattern:matched", Set.of("InvocationDoesNotExist"),
                    "a well-formed instance id the base's command was not sent to"),
            new Tolerated("GetCommandInvocation", "pluginName length=(min|max)", Set.of("InvalidPluginName"),
                    "a plugin name of the allowed length that is no step of AWS-RunShellScript (aws:runShellScript)"),
            new Tolerated("SendCommand", "documentHash length=(min|max)", Set.of("InvalidDocument"),
                    "a hash of the allowed length that is not the hash of the document's content"),
            new Tolerated("ListCommands|ListCommandInvocations",
                    "filters\\.1\\.member\\.key enum=(InvokedAfter|InvokedBefore|Status|ExecutionStage)",
                    Set.of("InvalidFilterKey"), "the base filter's value is a document name, which is no time, status "
                            + "or execution stage"),
            new Tolerated("StartAssociationsOnce", "associationIds size=(min|max)", Set.of("AssociationDoesNotExist"),
                    "a list of the allowed size filled with well-formed ids that name no association"),
            new Tolerated("DescribeAssociationExecutions", "filters\\.1\\.member\\.key enum=(ExecutionId|CreatedTime)"
                    + "|filters\\.1\\.member\\.type enum=(LESS_THAN|GREATER_THAN)", Set.of("ValidationException"),
                    "the base filter's value Success is no execution id or time, and Status compares only EQUAL "
                            + "(AWS's rules for these filters, which the model does not state)"),
            new Tolerated("CreateAssociationBatch", "entries\\.1\\.member\\.(name|documentVersion|instanceId) pattern:matched"
                    + "|entries\\.1\\.member\\.targets\\.1\\.member\\.(key (length=(min|max)|pattern:matched)|values size=max)"
                    + "|entries\\.1\\.member\\.(scheduleExpression length|scheduleOffset value)=(min|max)", Set.of(FAILED_ENTRY),
                    "the entry fails as CreateAssociation's same probe does (see above); the legacy InstanceId's "
                            + "association already exists, made by CreateAssociation's probe"));

    /** Why this probe of this operation may be answered with this error code, if it may. */
    static Optional<String> why(String operation, String probe, String code) {
        return TOLERATED.stream().filter(t -> t.covers(operation, probe, code)).map(Tolerated::why).findFirst();
    }
}
