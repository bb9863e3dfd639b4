package steward.association;

public record AlarmStateInformation(String name, String state) {
}
