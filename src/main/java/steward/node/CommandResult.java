package steward.node;

/** How a command ended on a node: {@code Success}, {@code Failed} or {@code TimedOut}, with a finer word. */
public record CommandResult(String status, String detailedStatus) {
}
