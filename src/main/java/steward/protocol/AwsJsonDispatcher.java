package steward.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import steward.auth.Authenticator;
import steward.errors.ErrorCodes;
import steward.errors.SsmException;
import steward.tenant.Tenant;

/**
 * awsJson1_1 from request to response: target dispatch, authentication, body decoding, model
 * validation, and the rendering of results and errors. Operations never see HTTP.
 */
public final class AwsJsonDispatcher {
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String TARGET_PREFIX = "AmazonSSM.";
    private static final Logger LOG = LoggerFactory.getLogger(AwsJsonDispatcher.class);

    private final ServiceModel model;
    private final ModelValidator validator;
    private final Authenticator authenticator;
    private final Map<String, Operation> operations;

    public AwsJsonDispatcher(ServiceModel model, Authenticator authenticator, List<Operation> operations) {
        this.model = model;
        this.validator = new ModelValidator(model);
        this.authenticator = authenticator;
        this.operations = operations.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Operation::name, op -> op));
        for (String name : this.operations.keySet()) {
            if (!model.hasOperation(name)) {
                throw new IllegalArgumentException("operation not in the SSM model: " + name);
            }
        }
    }

    public ApiResponse dispatch(ApiRequest request) {
        String requestId = RequestIds.next();
        String operationName = knownOperation(request.header("x-amz-target"));
        String accountId = null;
        ApiResponse response;
        try {
            Tenant tenant = authenticator.authenticate(request);
            accountId = tenant.accountId();
            Operation operation = resolve(request.header("x-amz-target"));
            JsonNode input = JsonBodies.object(request.body());
            model.inputShape(operation.name()).ifPresent(shape -> validator.validate(shape, input));
            Object output = operation.handle(new CallContext(tenant, accessKeyOf(request), requestId), input);
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
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            return null;
        }
        String name = target.substring(TARGET_PREFIX.length());
        return operations.containsKey(name) ? name : null;
    }

    private Operation resolve(String target) {
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw new SsmException(ErrorCodes.UNKNOWN_OPERATION, "Missing or malformed X-Amz-Target header; expected "
                    + TARGET_PREFIX + "<Operation>.");
        }
        String name = target.substring(TARGET_PREFIX.length());
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
