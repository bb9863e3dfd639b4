package steward.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import steward.alarm.AlarmStates;
import steward.alarm.SqlAlarmStates;
import steward.auth.Authenticator;
import steward.errors.SsmException;
import steward.node.InstanceInformation;
import steward.node.ManagedNode;
import steward.node.NodeService;
import steward.protocol.ApiRequest;
import steward.protocol.ApiResponse;
import steward.protocol.Json;
import steward.schedule.ClockControl;
import steward.tagging.Tag;
import steward.tenant.Tenant;

/**
 * Steward's own API under {@code /_steward/}: register and shape simulated nodes, set alarm
 * states. Plain JSON over REST, authenticated by the same SigV4 header rules as the AWS API
 * (sign for service {@code ssm}), and every error in AWS's JSON error form, so the tenant a
 * node belongs to is exactly the one the AWS tools see it from.
 */
public final class ControlApi {
    public static final String PREFIX = "/_steward/";
    public static final String CONTENT_TYPE = "application/json";
    private static final Logger LOG = LoggerFactory.getLogger(ControlApi.class);

    private final Authenticator authenticator;
    private final NodeService nodes;
    private final AlarmStates alarms;
    private final ClockControl clock;

    public ControlApi(Authenticator authenticator, NodeService nodes, AlarmStates alarms, ClockControl clock) {
        this.authenticator = authenticator;
        this.nodes = nodes;
        this.alarms = alarms;
        this.clock = clock;
    }

    public static boolean handles(String path) {
        return path != null && path.startsWith(PREFIX);
    }

    public ApiResponse handle(ApiRequest request) {
        String requestId = UUID.randomUUID().toString();
        String accountId = null;
        ApiResponse response;
        try {
            Tenant tenant = authenticator.authenticate(request);
            accountId = tenant.accountId();
            response = json(requestId, 200, route(tenant, request));
        } catch (ControlError e) {
            response = error(requestId, e.status(), e.code(), e.getMessage(), e.headers());
        } catch (SsmException e) {
            response = error(requestId, statusOf(e), e.code(), e.getMessage(), Map.of());
        } catch (RuntimeException e) {
            LOG.error("control request {} failed", requestId, e);
            response = error(requestId, 500, "InternalServerError", "An internal error occurred.", Map.of());
        }
        return response.answering(routeName(request), accountId);
    }

    /**
     * The route for the request log and the metrics: method and path with ids and names
     * replaced ({@code PUT /_steward/nodes/{id}/behavior}), so it never holds a user's value.
     */
    static String routeName(ApiRequest request) {
        String[] parts = request.path().substring(PREFIX.length()).split("/", -1);
        StringBuilder route = new StringBuilder(request.method()).append(' ').append(PREFIX, 0, PREFIX.length() - 1);
        for (int i = 0; i < parts.length && i < 3; i++) {
            if (parts[i].isEmpty()) {
                continue;
            }
            String part = i == 1 ? "{id}" : parts[i];
            route.append('/').append(switch (part) {
                case "nodes", "alarms", "clock", "behavior", "{id}" -> part;
                default -> "{other}";
            });
        }
        return route.toString();
    }

    private Object route(Tenant tenant, ApiRequest request) {
        String method = request.method();
        String path = request.path();
        List<String> segments = segments(path);
        if (segments.isEmpty()) {
            throw ControlError.noRoute(method, path);
        }
        if (segments.equals(List.of("nodes"))) {
            return switch (method) {
                case "GET" -> listNodes(tenant);
                case "POST" -> nodeJson(nodes.register(tenant,
                        ControlBodies.registration(ControlBodies.object(request.body()))));
                default -> throw ControlError.methodNotAllowed(method, path, "GET, POST");
            };
        }
        if (segments.size() == 2 && segments.get(0).equals("nodes")) {
            String id = segments.get(1);
            return switch (method) {
                case "GET" -> nodeJson(nodes.require(tenant, id));
                case "DELETE" -> {
                    nodes.delete(tenant, id);
                    yield JsonNodeFactory.instance.objectNode();
                }
                default -> throw ControlError.methodNotAllowed(method, path, "GET, DELETE");
            };
        }
        if (segments.size() == 3 && segments.get(0).equals("nodes") && segments.get(2).equals("behavior")) {
            if (!method.equals("PUT")) {
                throw ControlError.methodNotAllowed(method, path, "PUT");
            }
            String id = segments.get(1);
            nodes.require(tenant, id);
            return nodeJson(nodes.setBehavior(tenant, id, ControlBodies.behavior(ControlBodies.object(request.body()), "")));
        }
        if (segments.size() == 2 && segments.get(0).equals("alarms")) {
            return alarm(tenant, method, path, segments.get(1), request);
        }
        if (segments.equals(List.of("clock"))) {
            return ClockEndpoint.handle(clock, method, path, request);
        }
        throw ControlError.noRoute(method, path);
    }

    private Object alarm(Tenant tenant, String method, String path, String name, ApiRequest request) {
        if (!method.equals("GET") && !method.equals("PUT")) {
            throw ControlError.methodNotAllowed(method, path, "GET, PUT");
        }
        if (name.isBlank() || name.length() > 255 || name.chars().anyMatch(Character::isISOControl)) {
            throw SsmException.validation("The alarm name must have 1 to 255 characters, not all blank, "
                    + "and no control characters.");
        }
        if (method.equals("GET")) {
            return new AlarmJson(name, alarms.state(tenant, name).orElseThrow(() -> new SsmException(
                    NodeService.NOT_FOUND, "No state was set for alarm " + name + ".")));
        }
        String state = ControlBodies.alarmState(ControlBodies.object(request.body()));
        if (!SqlAlarmStates.STATES.contains(state)) {
            throw SsmException.validation("State " + state + " is not valid: use one of "
                    + String.join(", ", SqlAlarmStates.STATES) + ".");
        }
        alarms.set(tenant, name, state);
        return new AlarmJson(name, state);
    }

    record AlarmJson(String name, String state) {
    }

    private Object listNodes(Tenant tenant) {
        Map<String, List<Tag>> tags = nodes.allTags(tenant);
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (ManagedNode node : nodes.list(tenant, List.of(), null, Integer.MAX_VALUE)) {
            list.add(nodeJson(node, tags.getOrDefault(node.instanceId(), List.of())));
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.set("Nodes", list);
        return result;
    }

    private ObjectNode nodeJson(ManagedNode node) {
        return nodeJson(node, nodes.tags(node.tenant(), node.instanceId()));
    }

    /** InstanceInformation's members, plus the node's Tags and (for simulated nodes) its Behavior. */
    private static ObjectNode nodeJson(ManagedNode node, List<Tag> tags) {
        ObjectNode json = Json.MAPPER.valueToTree(InstanceInformation.of(node));
        json.set("Tags", Json.MAPPER.valueToTree(tags));
        if (node.behavior() != null) {
            json.set("Behavior", Json.MAPPER.valueToTree(node.behavior()));
        }
        return json;
    }

    /** The path below the prefix, split and percent-decoded (a trailing slash is ignored); empty if a segment is. */
    private static List<String> segments(String path) {
        String rest = path.substring(PREFIX.length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        String[] raw = rest.split("/", -1);
        String[] decoded = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            try {
                // '+' is a literal plus in a path; URLDecoder would read it as a space.
                decoded[i] = URLDecoder.decode(raw[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw SsmException.validation("The path " + path + " is not validly percent-encoded.");
            }
            if (decoded[i].isEmpty()) {
                return List.of();
            }
        }
        return List.of(decoded);
    }

    private static int statusOf(SsmException e) {
        if (e.serverFault()) {
            return 500;
        }
        return switch (e.code()) {
            case NodeService.NOT_FOUND -> 404;
            case NodeService.ALREADY_EXISTS -> 409;
            default -> 400;
        };
    }

    private static ApiResponse json(String requestId, int status, Object body) {
        try {
            return new ApiResponse(status, CONTENT_TYPE, Map.of("x-amzn-RequestId", requestId),
                    Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            LOG.error("control request {}: could not render output", requestId, e);
            return error(requestId, 500, "InternalServerError", "An internal error occurred.", Map.of());
        }
    }

    private static ApiResponse error(String requestId, int status, String code, String message,
                                     Map<String, String> extraHeaders) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("__type", code).put("Message", message);
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put("x-amzn-RequestId", requestId);
        headers.put("X-Amzn-ErrorType", code);
        try {
            return new ApiResponse(status, CONTENT_TYPE, Map.copyOf(headers), Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
