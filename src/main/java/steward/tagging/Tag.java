package steward.tagging;

public record Tag(String key, String value) {
}
