package steward.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Where in a request a value goes (a path of members, list indexes and map entries through the
 * input shape) and how it is put there: the containers on the way are created, or replaced when
 * an earlier change gave them the wrong JSON type, with minimally valid values.
 */
final class Mutations {
    enum Kind { FIELD, INDEX, MAP_VALUE, MAP_KEY }

    /** One step; {@code shape} is the shape of what the step reaches (for MAP_KEY: the map's key shape). */
    record Step(Kind kind, String name, int index, String shape, boolean required) {
        @Override
        public String toString() {
            return switch (kind) {
                case FIELD -> "." + name;
                case INDEX -> "[" + index + "]";
                case MAP_VALUE -> "{" + name + "}";
                case MAP_KEY -> "{key " + name + "}";
            };
        }
    }

    private final ValueForge forge;
    private final Shapes shapes;

    Mutations(ValueForge forge) {
        this.forge = forge;
        this.shapes = forge.shapes();
    }

    static String describe(List<Step> location) {
        StringBuilder out = new StringBuilder();
        location.forEach(out::append);
        return out.toString();
    }

    /** A random member location inside {@code structure}, following what {@code current} holds where it can. */
    List<Step> randomLocation(String structure, JsonNode current, Random r) {
        List<Step> path = new ArrayList<>();
        String shape = structure;
        JsonNode node = current;
        for (int depth = 0; depth < 8; depth++) {
            Map<String, String> members = shapes.members(shape);
            if (members.isEmpty()) {
                break;
            }
            List<String> names = new ArrayList<>(members.keySet());
            String name = names.get(r.nextInt(names.size()));
            String memberShape = members.get(name);
            path.add(new Step(Kind.FIELD, name, -1, memberShape, shapes.required(shape).contains(name)));
            JsonNode child = node == null ? null : node.get(name);
            String type = shapes.type(memberShape);
            if (r.nextInt(100) < 45 || !(type.equals("structure") || type.equals("list") || type.equals("map"))) {
                break;
            }
            // Descend through lists and maps to a structure, or stop at an element or entry.
            while (true) {
                type = shapes.type(memberShape);
                if (type.equals("list")) {
                    int size = child != null && child.isArray() ? child.size() : 0;
                    int index = size > 0 && r.nextInt(4) != 0 ? r.nextInt(size) : size;
                    memberShape = shapes.listMember(memberShape);
                    path.add(new Step(Kind.INDEX, null, index, memberShape, false));
                    child = child != null && child.isArray() ? child.get(index) : null;
                } else if (type.equals("map")) {
                    List<String> keys = new ArrayList<>();
                    if (child != null && child.isObject()) {
                        child.fieldNames().forEachRemaining(keys::add);
                    }
                    String key = !keys.isEmpty() && r.nextInt(3) != 0 ? keys.get(r.nextInt(keys.size()))
                            : forge.validString(shapes.mapKey(memberShape), r, new Dictionary(false), 0);
                    if (r.nextInt(4) == 0) {
                        path.add(new Step(Kind.MAP_KEY, key, -1, shapes.mapKey(memberShape), false));
                        return path;
                    }
                    child = child != null && child.isObject() ? child.get(key) : null;
                    memberShape = shapes.mapValue(memberShape);
                    path.add(new Step(Kind.MAP_VALUE, key, -1, memberShape, false));
                } else {
                    break;
                }
                if (r.nextInt(100) < 40) {
                    return path;
                }
            }
            if (!shapes.type(memberShape).equals("structure")) {
                break;
            }
            shape = memberShape;
            node = child;
        }
        return path;
    }

    /** Sets the value at {@code location} (creating what leads there); a null value is JSON null. */
    void set(ObjectNode root, List<Step> location, JsonNode value, Random r, Dictionary dict) {
        JsonNode container = walk(root, location, r, dict);
        Step last = location.get(location.size() - 1);
        switch (last.kind()) {
            case FIELD, MAP_VALUE -> ((ObjectNode) container).set(last.name(), value);
            case INDEX -> {
                ArrayNode list = (ArrayNode) container;
                while (list.size() < last.index()) {
                    list.add(forge.minimal(last.shape(), r, dict));
                }
                if (list.size() == last.index()) {
                    list.add(value);
                } else {
                    list.set(last.index(), value);
                }
            }
            case MAP_KEY -> {
                ObjectNode map = (ObjectNode) container;
                JsonNode entry = map.remove(last.name());
                map.set(value.asText(), entry != null ? entry : forge.minimal(shapes.mapValue(mapShapeOf(location)), r, dict));
            }
        }
    }

    /** Removes the member, element or entry at {@code location}, if it is there. */
    void remove(ObjectNode root, List<Step> location, Random r, Dictionary dict) {
        JsonNode container = walk(root, location, r, dict);
        Step last = location.get(location.size() - 1);
        if (container instanceof ObjectNode object) {
            object.remove(last.name());
        } else if (container instanceof ArrayNode list && last.index() < list.size()) {
            list.remove(last.index());
        }
    }

    /** The container the last step of {@code location} acts on, made to exist with the right JSON type. */
    private JsonNode walk(ObjectNode root, List<Step> location, Random r, Dictionary dict) {
        JsonNode container = root;
        for (int i = 0; i < location.size() - 1; i++) {
            Step step = location.get(i);
            Step next = location.get(i + 1);
            String childShape = step.shape();
            JsonNode child = get(container, step);
            boolean wantArray = next.kind() == Kind.INDEX;
            if (child == null || (wantArray ? !child.isArray() : !child.isObject())) {
                child = forge.minimal(childShape, r, dict);
                put(container, step, child, r, dict);
            }
            container = child;
        }
        return container;
    }

    private String mapShapeOf(List<Step> location) {
        return location.size() >= 2 ? location.get(location.size() - 2).shape() : location.get(0).shape();
    }

    private static JsonNode get(JsonNode container, Step step) {
        return switch (step.kind()) {
            case INDEX -> container.get(step.index());
            case FIELD, MAP_VALUE -> container.get(step.name());
            case MAP_KEY -> null;
        };
    }

    private void put(JsonNode container, Step step, JsonNode value, Random r, Dictionary dict) {
        if (step.kind() == Kind.INDEX) {
            ArrayNode list = (ArrayNode) container;
            while (list.size() < step.index()) {
                list.add(forge.minimal(step.shape(), r, dict));
            }
            if (list.size() == step.index()) {
                list.add(value);
            } else {
                list.set(step.index(), value);
            }
        } else {
            ((ObjectNode) container).set(step.name(), value);
        }
    }
}
