package steward.storage;

import java.util.List;
import steward.tagging.Tag;
import steward.tenant.Tenant;

/** Tags of any taggable resource, keyed by resource type and id within a tenant. */
public interface TagStore {
    List<Tag> list(Tenant tenant, String resourceType, String resourceId);

    enum PutOutcome { PUT, TOO_MANY_TAGS, NO_SUCH_RESOURCE }

    /**
     * Adds or overwrites {@code tags}, unless the resource does not exist (checked in the same
     * transaction, so a concurrent delete cannot leave tags behind) or would then carry more
     * than {@code maxTags}; changes nothing in those cases.
     */
    PutOutcome put(Tenant tenant, String resourceType, String resourceId, List<Tag> tags, int maxTags);

    void remove(Tenant tenant, String resourceType, String resourceId, List<String> keys);
}
