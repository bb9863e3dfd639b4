package steward.tagging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.protocol.CallContext;
import steward.protocol.Inputs;
import steward.protocol.Operation;
import steward.storage.TagStore;

/** AddTagsToResource, RemoveTagsFromResource and ListTagsForResource over every taggable type. */
public final class TagOperations {
    public static final int MAX_TAGS_PER_RESOURCE = 50;

    record Request(String resourceType, String resourceId, List<Tag> tags, List<String> tagKeys) {
    }

    record TagList(List<Tag> tagList) {
    }

    private TagOperations() {
    }

    public static List<Operation> operations(TaggableResources resources, TagStore store) {
        return List.of(
                operation("AddTagsToResource", (call, r) -> {
                    resources.requireExisting(call.tenant(), r.resourceType(), r.resourceId());
                    ReservedTags.reject(r.tags(), SsmException::validation);
                    switch (store.put(call.tenant(), r.resourceType(), r.resourceId(), r.tags(), MAX_TAGS_PER_RESOURCE)) {
                        case TOO_MANY_TAGS -> throw new SsmException(ErrorCodes.TOO_MANY_TAGS,
                                "A resource can have at most " + MAX_TAGS_PER_RESOURCE + " tags.");
                        case NO_SUCH_RESOURCE -> resources.requireExisting(call.tenant(), r.resourceType(), r.resourceId());
                        case PUT -> {
                        }
                    }
                    return Map.of();
                }),
                operation("RemoveTagsFromResource", (call, r) -> {
                    resources.requireExisting(call.tenant(), r.resourceType(), r.resourceId());
                    store.remove(call.tenant(), r.resourceType(), r.resourceId(), r.tagKeys());
                    return Map.of();
                }),
                operation("ListTagsForResource", (call, r) -> {
                    resources.requireExisting(call.tenant(), r.resourceType(), r.resourceId());
                    return new TagList(new ArrayList<>(store.list(call.tenant(), r.resourceType(), r.resourceId())));
                }));
    }

    private interface Handler {
        Object handle(CallContext call, Request request);
    }

    private static Operation operation(String name, Handler handler) {
        return new Operation() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Object handle(CallContext call, JsonNode input) {
                return handler.handle(call, Inputs.as(input, Request.class));
            }
        };
    }
}
