package steward.association;

import java.util.List;

/** A target selector: {@code InstanceIds}, {@code tag:<key>}, {@code tag-key}, {@code ResourceGroup}, ... */
public record Target(String key, List<String> values) {
}
