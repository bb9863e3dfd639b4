package steward.node;

/** What a simulated node's runs do: end with {@code status} after {@code durationMillis}. */
public record NodeBehavior(String status, long durationMillis) {
    public static final NodeBehavior SUCCEED_AT_ONCE = new NodeBehavior("Success", 0);
}
