package steward.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import steward.association.Target;

/** Association targets as node conditions: InstanceIds, tag:&lt;key&gt; and tag-key; anything else selects nothing. */
final class TargetSelection {
    static final String INSTANCE_IDS = "InstanceIds";
    static final String TAG_PREFIX = "tag:";
    static final String TAG_KEY = "tag-key";

    private TargetSelection() {
    }

    /**
     * The conditions all of {@code targets} impose together; empty when they cannot select any
     * node (no targets at all, or a target of a kind Steward does not keep).
     */
    static Optional<List<NodeCondition>> conditions(List<Target> targets) {
        if (targets == null || targets.isEmpty()) {
            return Optional.empty();
        }
        List<NodeCondition> conditions = new ArrayList<>();
        for (Target target : targets) {
            NodeCondition condition = condition(target);
            if (condition instanceof NodeCondition.Nothing) {
                return Optional.empty();
            }
            if (condition != null) {
                conditions.add(condition);
            }
        }
        return Optional.of(conditions);
    }

    /** Null for a target that selects every node of the tenant (InstanceIds *). */
    private static NodeCondition condition(Target target) {
        String key = target.key();
        List<String> values = target.values() == null ? List.of() : target.values();
        if (key == null || values.isEmpty()) {
            return NodeCondition.NOTHING;
        }
        if (key.equals(INSTANCE_IDS)) {
            return values.contains("*") ? null : new NodeCondition.In(NodeCondition.Column.INSTANCE_ID, values);
        }
        if (key.equals(TAG_KEY)) {
            return new NodeCondition.TagKey(values);
        }
        if (key.startsWith(TAG_PREFIX) && key.length() > TAG_PREFIX.length()) {
            return new NodeCondition.TagValue(key.substring(TAG_PREFIX.length()), values);
        }
        return NodeCondition.NOTHING;
    }
}
