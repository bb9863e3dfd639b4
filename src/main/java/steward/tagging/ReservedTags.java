package steward.tagging;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import steward.errors.SsmException;

/** The {@code aws:} prefix belongs to AWS; the model's pattern does not say so, the service does. */
public final class ReservedTags {
    private ReservedTags() {
    }

    public static void reject(List<Tag> tags, Function<String, SsmException> error) {
        for (Tag tag : tags) {
            if (tag.key().toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw error.apply("Tag key " + tag.key() + " is not allowed: the aws: prefix is reserved for AWS use.");
            }
        }
    }
}
