package steward.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Requests for Steward's control API (/_steward/...). Its bodies have no model, so they are
 * described here as synthetic shapes in the model's format, with only the rules the control API
 * enforces (so that a violation of a synthetic shape is a refusal for certain), and fuzzed by the
 * same machinery as the SSM operations. Path segments (node ids, alarm names) are fuzzed too.
 */
final class ControlCases {
    static final String CONTENT_TYPE = "application/json";

    /** The control API's bodies, in the SSM model's shape format; TagKey and TagValue are the model's. */
    static final String SHAPES = """
            {
              "ControlNodeRegistration": {"type": "structure", "members": {
                "InstanceId": {"shape": "ControlInstanceId"}, "ComputerName": {"shape": "ControlComputerName"},
                "PlatformType": {"shape": "ControlPlatformType"}, "Tags": {"shape": "ControlTags"},
                "Behavior": {"shape": "ControlBehavior"}}},
              "ControlInstanceId": {"type": "string", "pattern": "(mi-[0-9a-f]{17})|(i-(\\\\w{8}|\\\\w{17}))"},
              "ControlComputerName": {"type": "string", "min": 1, "max": 255, "pattern": "[^\\\\x00-\\\\x1f\\\\x7f-\\\\x9f]*"},
              "ControlPlatformType": {"type": "string", "enum": ["Linux", "Windows", "MacOS"]},
              "ControlTags": {"type": "list", "member": {"shape": "ControlTag"}, "max": 50},
              "ControlTag": {"type": "structure", "required": ["Key", "Value"], "members": {
                "Key": {"shape": "TagKey"}, "Value": {"shape": "TagValue"}}},
              "ControlBehavior": {"type": "structure", "required": ["Status"], "members": {
                "Status": {"shape": "ControlStatus"}, "DurationMillis": {"shape": "ControlDuration"}}},
              "ControlStatus": {"type": "string", "enum": ["Success", "Failed", "TimedOut"]},
              "ControlDuration": {"type": "long", "min": 0, "max": 172800000},
              "ControlAlarmState": {"type": "structure", "required": ["State"], "members": {
                "State": {"shape": "ControlAlarmStateName"}}},
              "ControlAlarmStateName": {"type": "string", "enum": ["OK", "ALARM", "INSUFFICIENT_DATA", "UNREADABLE"]},
              "ControlClockMove": {"type": "structure", "members": {
                "AdvanceSeconds": {"shape": "ControlSeconds"}, "SetTime": {"shape": "ControlTime"}}},
              "ControlSeconds": {"type": "long"},
              "ControlTime": {"type": "string"}
            }""";

    /** The endpoints, each fuzzed as an operation of its own. */
    enum Endpoint {
        REGISTER_NODE("POST /_steward/nodes", "ControlNodeRegistration"),
        LIST_NODES("GET /_steward/nodes", null),
        GET_NODE("GET /_steward/nodes/{id}", null),
        SET_BEHAVIOR("PUT /_steward/nodes/{id}/behavior", "ControlBehavior"),
        DELETE_NODE("DELETE /_steward/nodes/{id}", null),
        PUT_ALARM("PUT /_steward/alarms/{name}", "ControlAlarmState"),
        GET_ALARM("GET /_steward/alarms/{name}", null),
        GET_CLOCK("GET /_steward/clock", null),
        MOVE_CLOCK("POST /_steward/clock", "ControlClockMove"),
        UNROUTED("* /_steward/...", null);

        final String label;
        final String shape;

        Endpoint(String label, String shape) {
            this.label = label;
            this.shape = shape;
        }

        String method() {
            return label.substring(0, label.indexOf(' '));
        }

        /** Methods the route does not allow (405), or for a route-less endpoint any. */
        List<String> wrongMethods() {
            return switch (this) {
                case REGISTER_NODE, LIST_NODES -> List.of("PUT", "DELETE", "PATCH");
                case GET_NODE, DELETE_NODE -> List.of("POST", "PUT", "PATCH");
                case SET_BEHAVIOR -> List.of("GET", "POST", "DELETE", "PATCH");
                case PUT_ALARM, GET_ALARM -> List.of("POST", "DELETE", "PATCH");
                case GET_CLOCK, MOVE_CLOCK -> List.of("PUT", "DELETE", "PATCH");
                case UNROUTED -> List.of("GET", "POST", "PUT", "DELETE", "PATCH");
            };
        }
    }

    private static final FuzzClient.Auth[] BAD_AUTH = {FuzzClient.Auth.UNSIGNED, FuzzClient.Auth.WRONG_SECRET,
            FuzzClient.Auth.TAMPERED_SIGNATURE, FuzzClient.Auth.WRONG_SERVICE, FuzzClient.Auth.STALE,
            FuzzClient.Auth.BODY_CHANGED_AFTER_SIGNING, FuzzClient.Auth.GARBAGE_AUTHORIZATION};

    private final BodyFuzzer bodies;
    private final ValueForge forge;

    ControlCases(BodyFuzzer bodies) {
        this.bodies = bodies;
        this.forge = bodies.forge();
    }

    /** A request the server must refuse. */
    FuzzCase invalid(Endpoint e, int index, long seed, Dictionary dict, String accessKey) {
        return invalid(e, index, seed, dict, accessKey, true);
    }

    /**
     * A request the server must refuse; with {@code stableData} false (other requests may delete the
     * account's nodes meanwhile), a registration under an existing id is not a certain refusal.
     */
    private FuzzCase invalid(Endpoint e, int index, long seed, Dictionary dict, String accessKey, boolean stableData) {
        Random r = new Random(seed);
        int roll = r.nextInt(100);
        if (roll < 20) {
            FuzzClient.Auth auth = BAD_AUTH[r.nextInt(BAD_AUTH.length)];
            return valid(e, index, seed, r, dict, accessKey, "auth", auth.name()).withAuth(auth, true);
        }
        if (roll < 30) {
            String method = e.wrongMethods().get(r.nextInt(e.wrongMethods().size()));
            return request(e, index, seed, "wrong method", method, method, path(e, r, dict, true), body(e, r, dict, false),
                    accessKey, true);
        }
        if (roll < 38) {
            String[] paths = {"/_steward/", "/_steward//nodes", "/_steward/nodes/x/y/z", "/_steward/nodesX",
                    "/_steward/fuzz-" + r.nextInt(1000), "/_steward/alarms", "/_steward/clock/now", "/_steward/nodes//behavior",
                    "/_steward/" + encode(ValueForge.text(r, 1 + r.nextInt(20)), r) + "/fuzz"};
            String path = paths[r.nextInt(paths.length)];
            return request(e, index, seed, "no route", path, e.method().equals("*") ? "GET" : e.method(), path,
                    new byte[0], accessKey, true);
        }
        return switch (e) {
            case REGISTER_NODE -> {
                if (r.nextInt(6) == 0) {
                    ObjectNode body = (ObjectNode) forge.valid(e.shape, r, dict, 0.2, 0);
                    body.put("InstanceId", dict.pick("InstanceId", r).orElse("mi-0123456789abcdef0"));
                    yield request(e, index, seed, "existing id", "InstanceId already registered", "POST", "/_steward/nodes",
                            bodies.render(body, r, true), accessKey, stableData);
                }
                yield invalidBody(e, index, seed, r, dict, accessKey, "/_steward/nodes", false);
            }
            case SET_BEHAVIOR -> r.nextInt(4) == 0
                    ? request(e, index, seed, "no such node", "valid body", "PUT", nodePath(unknownNode(r, dict), "/behavior", r),
                    body(e, r, dict, true), accessKey, true)
                    : invalidBody(e, index, seed, r, dict, accessKey, nodePath(knownNode(r, dict), "/behavior", r), false);
            case GET_NODE, DELETE_NODE -> request(e, index, seed, "no such node", "", e.method(),
                    nodePath(unknownNode(r, dict), "", r), new byte[0], accessKey, true);
            case PUT_ALARM -> r.nextInt(3) == 0
                    ? request(e, index, seed, "bad alarm name", "valid body", "PUT", "/_steward/alarms/" + badAlarmName(r),
                    body(e, r, dict, true), accessKey, true)
                    : invalidBody(e, index, seed, r, dict, accessKey, "/_steward/alarms/" + encode(alarmName(r, dict), r), false);
            case GET_ALARM -> request(e, index, seed, "no such alarm", "", "GET", "/_steward/alarms/" + (r.nextBoolean()
                    ? badAlarmName(r) : encode("fuzz-unset-" + ValueForge.text(r, 1 + r.nextInt(20)), r)), new byte[0],
                    accessKey, true);
            case MOVE_CLOCK -> {
                // On the system clock every move is refused, however well-formed.
                FuzzCase c = r.nextBoolean() ? invalidBody(e, index, seed, r, dict, accessKey, "/_steward/clock", true)
                        : request(e, index, seed, "move", "valid move", "POST", "/_steward/clock", body(e, r, dict, true),
                        accessKey, true);
                yield c;
            }
            case LIST_NODES, GET_CLOCK, UNROUTED -> {
                FuzzClient.Auth auth = BAD_AUTH[r.nextInt(BAD_AUTH.length)];
                yield valid(e, index, seed, r, dict, accessKey, "auth", auth.name()).withAuth(auth, true);
            }
        };
    }

    /** Anything. */
    FuzzCase mixed(Endpoint e, int index, long seed, Dictionary dict, String accessKey) {
        Random r = new Random(seed);
        int roll = r.nextInt(100);
        if (roll < 45) {
            return valid(e, index, seed, r, dict, accessKey, "valid", "");
        }
        if (roll < 75 && e.shape != null) {
            String path = switch (e) {
                case SET_BEHAVIOR -> nodePath(r.nextInt(4) == 0 ? unknownNode(r, dict) : knownNode(r, dict), "/behavior", r);
                case PUT_ALARM -> "/_steward/alarms/" + encode(alarmName(r, dict), r);
                default -> pathOf(e);
            };
            if (r.nextBoolean()) {
                ObjectNode body = (ObjectNode) forge.valid(e.shape, r, dict, 0.3, 0);
                List<String> noise = bodies.noise(e.shape, body, r, dict, 1 + r.nextInt(3));
                return request(e, index, seed, "noise", String.join("; ", noise), e.method(), path,
                        bodies.render(body, r, false), accessKey, false);
            }
            return invalidBody(e, index, seed, r, dict, accessKey, path, false);
        }
        if (roll < 85) {
            String[] paths = {path(e, r, dict, r.nextBoolean()), "/_steward/nodes/" + encode(ValueForge.text(r, r.nextInt(300)), r),
                    "/_steward/alarms/" + encode(ValueForge.text(r, r.nextInt(300)), r), "/_steward/" + "x/".repeat(r.nextInt(50)),
                    "/_steward/nodes/%2F..%2F", "/_steward/alarms/%00", "/_steward/clock?x=" + encode(ValueForge.text(r, 5), r)};
            String[] methods = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
            String method = methods[r.nextInt(methods.length)];
            String path = paths[r.nextInt(paths.length)];
            return request(e, index, seed, "odd path", method + " " + path, method, path, body(e, r, dict, r.nextBoolean()),
                    accessKey, false);
        }
        return invalid(e, index, seed ^ 0x5DEECE66DL, dict, accessKey, false);
    }

    private FuzzCase valid(Endpoint e, int index, long seed, Random r, Dictionary dict, String accessKey, String kind,
                           String detail) {
        String path = path(e, r, dict, true);
        String method = e == Endpoint.UNROUTED ? "GET" : e.method();
        byte[] body = e.shape != null ? body(e, r, dict, true) : r.nextInt(5) == 0 ? bodies.render(forge.junk(r, 2), r, false)
                : new byte[0];
        return request(e, index, seed, kind, detail, method, path, body, accessKey, false);
    }

    private FuzzCase invalidBody(Endpoint e, int index, long seed, Random r, Dictionary dict, String accessKey, String path,
                                 boolean anything) {
        int roll = r.nextInt(10);
        BodyFuzzer.Body body;
        if (roll < 5) {
            body = bodies.violating(e.shape, (ObjectNode) forge.valid(e.shape, r, dict, 0.2, 0), r, dict);
        } else if (roll < 7 && e != Endpoint.MOVE_CLOCK) {
            ObjectNode valid = (ObjectNode) forge.valid(e.shape, r, dict, 0.2, 0);
            bodies.unknownMember(valid, r);
            body = new BodyFuzzer.Body(bodies.render(valid, r, true), "unknown member", "a member the endpoint does not know",
                    true);
        } else if (roll < 8 && e == Endpoint.REGISTER_NODE) {
            body = tagRules(r, dict);
        } else {
            body = bodies.wire(forge.valid(e.shape, r, dict, 0.2, 0), r, true, e != Endpoint.REGISTER_NODE);
        }
        return request(e, index, seed, body.kind(), body.detail(), e.method(), path, body.bytes(), accessKey,
                body.mustReject() || anything);
    }

    /** Tags the node rules refuse beyond the model's TagKey and TagValue: a duplicate key, the aws: prefix. */
    private BodyFuzzer.Body tagRules(Random r, Dictionary dict) {
        ObjectNode body = (ObjectNode) forge.valid("ControlNodeRegistration", r, dict, 0, 0);
        body.remove("InstanceId");
        var tags = body.putArray("Tags");
        if (r.nextBoolean()) {
            tags.addObject().put("Key", "dup").put("Value", "1");
            tags.addObject().put("Key", "dup").put("Value", "2");
            return new BodyFuzzer.Body(bodies.render(body, r, true), "tag rules", "duplicate tag key", true);
        }
        tags.addObject().put("Key", (r.nextBoolean() ? "aws:" : "AWS:") + "fuzz").put("Value", "1");
        return new BodyFuzzer.Body(bodies.render(body, r, true), "tag rules", "aws: tag key", true);
    }

    private byte[] body(Endpoint e, Random r, Dictionary dict, boolean valid) {
        if (e.shape == null) {
            return new byte[0];
        }
        ObjectNode body = (ObjectNode) forge.valid(e.shape, r, dict, 0.2, 0);
        if (e == Endpoint.MOVE_CLOCK) {
            body.removeAll();
            if (r.nextBoolean()) {
                body.put("AdvanceSeconds", r.nextInt(100_000) - 10);
            } else {
                body.put("SetTime", "2030-01-01T00:00:00Z");
            }
        }
        if (!valid) {
            bodies.noise(e.shape, body, r, dict, 1 + r.nextInt(2));
        }
        return bodies.render(body, r, false);
    }

    private String path(Endpoint e, Random r, Dictionary dict, boolean known) {
        return switch (e) {
            case GET_NODE, DELETE_NODE -> nodePath(known ? knownNode(r, dict) : unknownNode(r, dict), "", r);
            case SET_BEHAVIOR -> nodePath(known ? knownNode(r, dict) : unknownNode(r, dict), "/behavior", r);
            case PUT_ALARM, GET_ALARM -> "/_steward/alarms/" + encode(known ? alarmName(r, dict) : badAlarmName(r), r);
            case UNROUTED -> "/_steward/fuzz/" + encode(ValueForge.text(r, 1 + r.nextInt(10)), r);
            default -> pathOf(e);
        };
    }

    private static String pathOf(Endpoint e) {
        String label = e.label;
        return label.substring(label.indexOf(' ') + 1);
    }

    private static String nodePath(String id, String suffix, Random r) {
        return "/_steward/nodes/" + encode(id, r) + suffix;
    }

    private static String knownNode(Random r, Dictionary dict) {
        return dict.pick("InstanceId", r).orElse("mi-0123456789abcdef0");
    }

    /** An id no node of the account has: well-formed, or anything at all. */
    private static String unknownNode(Random r, Dictionary dict) {
        for (int attempt = 0; attempt < 10; attempt++) {
            String id = switch (r.nextInt(4)) {
                case 0 -> "mi-" + hex(r, 17);
                case 1 -> "i-" + hex(r, 17);
                case 2 -> ValueForge.text(r, 1 + r.nextInt(r.nextBoolean() ? 30 : 3000));
                default -> "mi-" + hex(r, 16) + "Z";
            };
            if (!dict.values("InstanceId").contains(id) && !id.isBlank() && !id.equals(".") && !id.equals("..")) {
                return id;
            }
        }
        return "mi-ffffffffffffffff0";
    }

    private static String alarmName(Random r, Dictionary dict) {
        if (r.nextBoolean()) {
            return dict.pick("AlarmName", r).orElse("fuzz-alarm");
        }
        return "fuzz-" + ValueForge.text(r, r.nextInt(40)).replaceAll("\\p{Cntrl}", "x");
    }

    /** An alarm name the control API refuses: blank, too long, or with a control character. */
    private static String badAlarmName(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> "%20".repeat(1 + r.nextInt(5));
            case 1 -> encode("a".repeat(256 + r.nextInt(500)), r);
            default -> encode("fuzz" + (char) r.nextInt(0x20) + "alarm", r);
        };
    }

    private static String hex(Random r, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append("0123456789abcdef".charAt(r.nextInt(16)));
        }
        return out.toString();
    }

    /** Percent-encodes everything but unreserved characters (and sometimes those too). */
    static String encode(String s, Random r) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0;
            if (unreserved && r.nextInt(8) != 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private FuzzCase request(Endpoint e, int index, long seed, String kind, String detail, String method, String path,
                             byte[] body, String accessKey, boolean mustReject) {
        return new FuzzCase(e.label, index, seed, kind, detail, new FuzzClient.Request(method, path, null, body,
                body.length > 0 ? CONTENT_TYPE : null, accessKey, FuzzClient.Auth.PROPER, Map.of()), mustReject);
    }
}
