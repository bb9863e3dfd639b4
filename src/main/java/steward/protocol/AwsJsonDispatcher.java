package steward.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import steward.auth.Authenticator;
import steward.auth.InstanceScope;
import steward.auth.Principal;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.tenant.Tenant;

/**
 * awsJson1_1 from request to response: target dispatch, authentication, body decoding, model
 * validation, and the rendering of results and errors. Operations never see HTTP.
 */
public final class AwsJsonDispatcher {
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    public static final String SSM_TARGET_PREFIX = "AmazonSSM.";
    public static final String MESSAGES_TARGET_PREFIX = "EC2WindowsMessageDeliveryService.";
    private static final Logger LOG = LoggerFactory.getLogger(AwsJsonDispatcher.class);

    private final String targetPrefix;
    private final ServiceModel model;
    private final ModelValidator validator;
    private final Map<Authentication, Authenticator> authenticators;
    private final InstanceScope scope;
    private final Map<String, Operation> operations;

    /** SSM, every operation signed with SigV4. */
    public AwsJsonDispatcher(ServiceModel model, Authenticator authenticator, List<Operation> operations) {
        this(SSM_TARGET_PREFIX, model, Map.of(Authentication.SIGV4, authenticator), InstanceScope.SSM, operations);
    }

    /**
     * One awsJson1_1 service: its X-Amz-Target prefix, its model, how each kind of operation is
     * authenticated (UNSIGNED needs none), and what agents' credentials may do in it.
     */
    public AwsJsonDispatcher(String targetPrefix, ServiceModel model, Map<Authentication, Authenticator> authenticators,
                             InstanceScope scope, List<Operation> operations) {
        this.targetPrefix = targetPrefix;
        this.model = model;
        this.validator = new ModelValidator(model);
        this.authenticators = Map.copyOf(authenticators);
        this.scope = scope;
        this.operations = operations.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Operation::name, op -> op));
        for (String name : this.operations.keySet()) {
            if (!model.hasOperation(name)) {
                throw new IllegalArgumentException("operation not in the service model: " + name);
            }
            Authentication kind = this.operations.get(name).authentication();
            if (kind != Authentication.UNSIGNED && !this.authenticators.containsKey(kind)) {
                throw new IllegalArgumentException("no authenticator for " + kind + " operation " + name);
            }
        }
    }

    public ApiResponse dispatch(ApiRequest request) {
        String requestId = RequestIds.next();
        String operationName = knownOperation(request.header("x-amz-target"));
        String accountId = null;
        ApiResponse response;
        try {
            // Only an operation agents sign differently is looked up before authentication: for
            // every other target, an unsigned caller learns nothing about which operations exist.
            Operation special = specialOperation(request.header("x-amz-target"));
            Principal principal;
            Operation operation;
            if (special != null) {
                operation = special;
                principal = special.authentication() == Authentication.UNSIGNED ? null
                        : authenticators.get(special.authentication()).principal(request);
            } else {
                principal = authenticators.get(Authentication.SIGV4).principal(request);
                operation = resolve(request.header("x-amz-target"));
            }
            accountId = principal == null ? null : principal.tenant().accountId();
            JsonNode input = JsonBodies.object(request.body());
            model.inputShape(operation.name()).ifPresent(shape -> validator.validate(shape, input));
            if (principal != null) {
                scope.check(principal, operation.name(), input);
            }
            Tenant tenant = principal == null ? null : principal.tenant();
            String instanceId = principal == null ? null : principal.instanceId();
            Object output = operation.handle(new CallContext(tenant, accessKeyOf(request), requestId, instanceId), input);
            response = success(requestId, output == null ? JsonNodeFactory.instance.objectNode() : output);
        } catch (SsmException e) {
            response = error(requestId, e);
        } catch (RuntimeException e) {
            LOG.error("request {} failed", requestId, e);
            response = error(requestId, SsmException.internal("An internal error occurred."));
        }
        return response.answering(operationName, accountId);
    }

    /** The operation a target names, if this server implements it; for the request log even of a refused request. */
    private String knownOperation(String target) {
        if (target == null || !target.startsWith(targetPrefix)) {
            return null;
        }
        String name = target.substring(targetPrefix.length());
        return operations.containsKey(name) ? name : null;
    }

    private Operation specialOperation(String target) {
        if (target == null || !target.startsWith(targetPrefix)) {
            return null;
        }
        Operation operation = operations.get(target.substring(targetPrefix.length()));
        return operation != null && operation.authentication() != Authentication.SIGV4 ? operation : null;
    }

    /** Whether {@code target} names an operation of this service (by its prefix). */
    public boolean serves(String target) {
        return target != null && target.startsWith(targetPrefix);
    }

    private Operation resolve(String target) {
        if (target == null || !target.startsWith(targetPrefix)) {
            throw new SsmException(ErrorCodes.UNKNOWN_OPERATION, "Missing or malformed X-Amz-Target header; expected "
                    + targetPrefix + "<Operation>.");
        }
        String name = target.substring(targetPrefix.length());
        Operation operation = operations.get(name);
        if (operation == null) {
            throw new SsmException(ErrorCodes.UNKNOWN_OPERATION, model.hasOperation(name)
                    ? "Operation " + name + " is not implemented by Steward."
                    : "Unknown operation " + name + ".");
        }
        return operation;
    }

    private static String accessKeyOf(ApiRequest request) {
        String authorization = request.header("authorization");
        if (authorization != null) {
            int start = authorization.indexOf("Credential=");
            int end = start < 0 ? -1 : authorization.indexOf('/', start);
            if (end > start) {
                return authorization.substring(start + "Credential=".length(), end);
            }
        }
        String credential = request.queryParameter("X-Amz-Credential");
        return credential == null ? "" : credential.split("/", 2)[0];
    }

    private static ApiResponse success(String requestId, Object output) {
        try {
            return new ApiResponse(200, CONTENT_TYPE, Map.of("x-amzn-RequestId", requestId), Json.MAPPER.writeValueAsBytes(output));
        } catch (JsonProcessingException e) {
            LOG.error("request {}: could not render output", requestId, e);
            return error(requestId, SsmException.internal("An internal error occurred."));
        }
    }

    public static ApiResponse error(String requestId, SsmException e) {
        return error(requestId, e.serverFault() ? 500 : 400, e.code(), e.getMessage());
    }

    public static ApiResponse error(String requestId, int status, String code, String message) {
        var body = JsonNodeFactory.instance.objectNode().put("__type", code).put("Message", message);
        try {
            return new ApiResponse(status, CONTENT_TYPE,
                    Map.of("x-amzn-RequestId", requestId, "X-Amzn-ErrorType", code), Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
