package steward.association.operations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import steward.association.AssociationService;
import steward.association.AssociationVersion;
import steward.association.Target;
import steward.paging.Page;
import steward.paging.PageTokens;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;

/** Versions oldest first ("1", "2", ...), keyset-paged on the version number. */
public final class ListAssociationVersions implements Operation {
    record Info(String associationId, String associationVersion, Instant createdDate, String name,
                String documentVersion, Map<String, List<String>> parameters, List<Target> targets,
                String scheduleExpression, JsonNode outputLocation, String associationName, String maxErrors,
                String maxConcurrency, String complianceSeverity, String syncCompliance,
                Boolean applyOnlyAtCronInterval, List<String> calendarNames, JsonNode targetLocations,
                Integer scheduleOffset, Integer duration, JsonNode targetMaps, String associationDispatchAssumeRole) {
        static Info of(AssociationVersion v) {
            var d = v.definition();
            return new Info(v.associationId(), Integer.toString(v.version()), v.createdDate(), d.name(),
                    d.documentVersion(), d.parameters(), d.targets(), d.scheduleExpression(), d.outputLocation(),
                    d.associationName(), d.maxErrors(), d.maxConcurrency(), d.complianceSeverity(), d.syncCompliance(),
                    d.appliesOnlyAtCronInterval(), d.calendarNames(), d.targetLocations(), d.scheduleOffset(),
                    d.duration(), d.targetMaps(), d.associationDispatchAssumeRole());
        }
    }

    record Response(List<Info> associationVersions, String nextToken) {
    }

    private final AssociationService associations;
    private final PageTokens tokens;

    public ListAssociationVersions(AssociationService associations, PageTokens tokens) {
        this.associations = associations;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "ListAssociationVersions";
    }

    @Override
    public Object handle(CallContext call, JsonNode input) {
        String associationId = Inputs.text(input, "AssociationId");
        int limit = Inputs.integer(input, "MaxResults", ListAssociations.DEFAULT_MAX_RESULTS);
        String token = Inputs.text(input, "NextToken");
        int after = token == null ? 0 : (int) tokens.openNumber(name(), call.tenant(), associationId, token);
        Page<AssociationVersion> page = Page.of(
                associations.listVersions(call.tenant(), associationId, after, limit + 1), limit);
        String next = page.more()
                ? tokens.seal(name(), call.tenant(), associationId, Integer.toString(page.last().version())) : null;
        return new Response(page.items().stream().map(Info::of).toList(), next);
    }
}
