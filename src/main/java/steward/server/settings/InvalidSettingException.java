package steward.server.settings;

/** A setting is unknown, lacks its value, or has one it cannot take: the message says which and why. */
public final class InvalidSettingException extends IllegalArgumentException {
    public InvalidSettingException(String message) {
        super(message);
    }
}
