package steward.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One change to a base request: walk to a member (creating minimally valid intermediate
 * structures, lists and map entries the base lacks), then set, remove, rename (a map key) or
 * merely ensure it.
 */
record ModelProbeMutation(List<Step> location, Action action, JsonNode value, String newKey) {
    enum Kind { FIELD, INDEX, MAP_VALUE, MAP_KEY }

    enum Action { SET, REMOVE, RENAME_KEY, ENSURE }

    /**
     * One step of a location: {@code shape} is the shape of the node the step reaches (for a
     * map key, the map's value shape, used when the entry must first be created).
     */
    record Step(Kind kind, String name, int index, String shape) {
        static Step field(String name, String shape) {
            return new Step(Kind.FIELD, name, -1, shape);
        }

        static Step index(int index, String shape) {
            return new Step(Kind.INDEX, null, index, shape);
        }

        static Step mapValue(String key, String shape) {
            return new Step(Kind.MAP_VALUE, key, -1, shape);
        }

        static Step mapKey(String key, String shape) {
            return new Step(Kind.MAP_KEY, key, -1, shape);
        }
    }

    static ModelProbeMutation set(List<Step> location, JsonNode value) {
        return new ModelProbeMutation(List.copyOf(location), Action.SET, value, null);
    }

    static ModelProbeMutation remove(List<Step> location) {
        return new ModelProbeMutation(List.copyOf(location), Action.REMOVE, null, null);
    }

    static ModelProbeMutation renameKey(List<Step> location, String newKey) {
        return new ModelProbeMutation(List.copyOf(location), Action.RENAME_KEY, null, newKey);
    }

    static ModelProbeMutation ensure(List<Step> location) {
        return new ModelProbeMutation(List.copyOf(location), Action.ENSURE, null, null);
    }

    /** Applies this mutation to (a copy of) {@code base}; {@code minimal} builds minimally valid values. */
    ObjectNode applyTo(ObjectNode base, java.util.function.Function<String, JsonNode> minimal) {
        ObjectNode root = base.deepCopy();
        JsonNode container = root;
        for (int i = 0; i < location.size() - 1; i++) {
            container = ensureChild(container, location.get(i), location.get(i + 1), minimal);
        }
        Step last = location.get(location.size() - 1);
        switch (action) {
            case SET -> put(container, last, value.deepCopy());
            case REMOVE -> {
                if (container instanceof ObjectNode object) {
                    object.remove(last.name());
                } else {
                    ((ArrayNode) container).remove(last.index());
                }
            }
            case RENAME_KEY -> {
                ObjectNode map = (ObjectNode) container;
                JsonNode entry = map.remove(last.name());
                map.set(newKey, entry);
            }
            case ENSURE -> {
                JsonNode existing = get(container, last);
                if (existing == null || existing.isNull()) {
                    put(container, last, minimal.apply(last.shape()));
                }
            }
        }
        return root;
    }

    private static JsonNode ensureChild(JsonNode container, Step step, Step next,
                                        java.util.function.Function<String, JsonNode> minimal) {
        JsonNode child = get(container, step);
        if (child == null || child.isNull()) {
            child = minimal.apply(step.shape());
            put(container, step, child);
        }
        switch (next.kind()) {
            case INDEX -> {
                ArrayNode list = (ArrayNode) child;
                while (list.size() <= next.index()) {
                    list.add(minimal.apply(next.shape()));
                }
            }
            case MAP_VALUE, MAP_KEY -> {
                if (!child.has(next.name())) {
                    ((ObjectNode) child).set(next.name(), minimal.apply(next.shape()));
                }
            }
            case FIELD -> {
            }
        }
        return child;
    }

    private static JsonNode get(JsonNode container, Step step) {
        return step.kind() == Kind.INDEX ? container.get(step.index()) : container.get(step.name());
    }

    private static void put(JsonNode container, Step step, JsonNode value) {
        if (step.kind() == Kind.INDEX) {
            ArrayNode list = (ArrayNode) container;
            while (list.size() <= step.index()) {
                list.addNull();
            }
            list.set(step.index(), value);
        } else {
            ((ObjectNode) container).set(step.name(), value);
        }
    }
}
