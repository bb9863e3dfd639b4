package steward.tagging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.tenant.Tenant;

/**
 * The resource types Steward can tag, each with a check that an id exists in a tenant. A
 * type the model knows but Steward does not keep is InvalidResourceType; an id that does not
 * exist (or belongs to another tenant) is InvalidResourceId.
 */
public final class TaggableResources {
    @FunctionalInterface
    public interface Existence {
        boolean exists(Tenant tenant, String resourceId);
    }

    private final Map<String, Existence> types = new ConcurrentHashMap<>();

    public void register(String resourceType, Existence existence) {
        types.put(resourceType, existence);
    }

    void requireExisting(Tenant tenant, String resourceType, String resourceId) {
        Existence existence = types.get(resourceType);
        if (existence == null) {
            throw new SsmException(ErrorCodes.INVALID_RESOURCE_TYPE, "The resource type " + resourceType
                    + " is not supported for tagging by this server.");
        }
        if (!existence.exists(tenant, resourceId)) {
            throw new SsmException(ErrorCodes.INVALID_RESOURCE_ID, "The resource ID \"" + resourceId
                    + "\" is not valid. Verify the ID and try again.");
        }
    }
}
