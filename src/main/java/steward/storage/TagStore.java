package steward.storage;

import java.util.List;
import steward.tagging.Tag;
import steward.tenant.Tenant;

/** Tags of any taggable resource, keyed by resource type and id within a tenant. */
public interface TagStore {
    List<Tag> list(Tenant tenant, String resourceType, String resourceId);

    /**
     * Adds or overwrites {@code tags}, unless the resource would then carry more than
     * {@code maxTags}; returns false (and changes nothing) in that case.
     */
    boolean put(Tenant tenant, String resourceType, String resourceId, List<Tag> tags, int maxTags);

    void remove(Tenant tenant, String resourceType, String resourceId, List<String> keys);
}
