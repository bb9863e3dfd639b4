package steward.association;

public record Alarm(String name) {
}
