package steward.node;

import java.util.List;
import steward.tagging.Tag;

/**
 * What a caller asks for when it registers a node; every member may be null and then takes
 * its default (a generated {@code mi-} id, a computer name from the id, Linux, no tags, a
 * behavior that succeeds at once).
 */
public record NodeRegistration(String instanceId, String computerName, String platformType, List<Tag> tags,
                               NodeBehavior behavior) {
    public static final NodeRegistration DEFAULTS = new NodeRegistration(null, null, null, null, null);

    public NodeRegistration withInstanceId(String id) {
        return new NodeRegistration(id, computerName, platformType, tags, behavior);
    }

    public NodeRegistration withTags(List<Tag> newTags) {
        return new NodeRegistration(instanceId, computerName, platformType, newTags, behavior);
    }

    public NodeRegistration withBehavior(NodeBehavior newBehavior) {
        return new NodeRegistration(instanceId, computerName, platformType, tags, newBehavior);
    }

    public NodeRegistration withPlatformType(String type) {
        return new NodeRegistration(instanceId, computerName, type, tags, behavior);
    }
}
