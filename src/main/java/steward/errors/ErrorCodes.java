package steward.errors;

/** The AWS error codes Steward sends, named as the SSM model names its error shapes. */
public final class ErrorCodes {
    public static final String ASSOCIATION_ALREADY_EXISTS = "AssociationAlreadyExists";
    public static final String ASSOCIATION_DOES_NOT_EXIST = "AssociationDoesNotExist";
    public static final String ASSOCIATION_LIMIT_EXCEEDED = "AssociationLimitExceeded";
    public static final String ASSOCIATION_VERSION_LIMIT_EXCEEDED = "AssociationVersionLimitExceeded";
    public static final String INVALID_ASSOCIATION_VERSION = "InvalidAssociationVersion";
    public static final String INVALID_DOCUMENT = "InvalidDocument";
    public static final String INVALID_DOCUMENT_VERSION = "InvalidDocumentVersion";
    public static final String INVALID_DOCUMENT_CONTENT = "InvalidDocumentContent";
    public static final String INVALID_DOCUMENT_SCHEMA_VERSION = "InvalidDocumentSchemaVersion";
    public static final String INVALID_DOCUMENT_OPERATION = "InvalidDocumentOperation";
    public static final String DOCUMENT_ALREADY_EXISTS = "DocumentAlreadyExists";
    public static final String DOCUMENT_LIMIT_EXCEEDED = "DocumentLimitExceeded";
    public static final String DOCUMENT_VERSION_LIMIT_EXCEEDED = "DocumentVersionLimitExceeded";
    public static final String DOCUMENT_PERMISSION_LIMIT = "DocumentPermissionLimit";
    public static final String DUPLICATE_DOCUMENT_CONTENT = "DuplicateDocumentContent";
    public static final String DUPLICATE_DOCUMENT_VERSION_NAME = "DuplicateDocumentVersionName";
    public static final String MAX_DOCUMENT_SIZE_EXCEEDED = "MaxDocumentSizeExceeded";
    public static final String ASSOCIATED_INSTANCES = "AssociatedInstances";
    public static final String INVALID_PERMISSION_TYPE = "InvalidPermissionType";
    public static final String INVALID_PARAMETERS = "InvalidParameters";
    public static final String INVALID_SCHEDULE = "InvalidSchedule";
    public static final String INVALID_TARGET = "InvalidTarget";
    public static final String INVALID_TARGET_MAPS = "InvalidTargetMaps";
    public static final String INVALID_TAG = "InvalidTag";
    public static final String INVALID_INSTANCE_ID = "InvalidInstanceId";
    public static final String INVALID_NEXT_TOKEN = "InvalidNextToken";
    public static final String INVALID_FILTER_KEY = "InvalidFilterKey";
    public static final String INVALID_RESOURCE_ID = "InvalidResourceId";
    public static final String INVALID_RESOURCE_TYPE = "InvalidResourceType";
    public static final String TOO_MANY_TAGS = "TooManyTagsError";
    public static final String INVALID_OUTPUT_LOCATION = "InvalidOutputLocation";
    public static final String UNSUPPORTED_PLATFORM_TYPE = "UnsupportedPlatformType";
    public static final String INVALID_COMMAND_ID = "InvalidCommandId";
    public static final String INVOCATION_DOES_NOT_EXIST = "InvocationDoesNotExist";
    public static final String INVALID_PLUGIN_NAME = "InvalidPluginName";
    public static final String DUPLICATE_INSTANCE_ID = "DuplicateInstanceId";
    public static final String INVALID_OUTPUT_FOLDER = "InvalidOutputFolder";
    public static final String INVALID_ROLE = "InvalidRole";
    public static final String INVALID_NOTIFICATION_CONFIG = "InvalidNotificationConfig";
    public static final String VALIDATION = "ValidationException";
    public static final String SERIALIZATION = "SerializationException";
    public static final String UNKNOWN_OPERATION = "UnknownOperationException";
    public static final String INTERNAL = "InternalServerError";

    private ErrorCodes() {
    }
}
