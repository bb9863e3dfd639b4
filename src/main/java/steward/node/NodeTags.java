package steward.node;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import steward.errors.SsmException;
import steward.tagging.Tag;
import steward.tagging.TagOperations;

/** The SSM model's rules for tags (TagKey, TagValue), applied to the tags a node is registered with. */
final class NodeTags {
    private static final Pattern TAG_TEXT = Pattern.compile("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");

    private NodeTags() {
    }

    static void check(List<Tag> tags) {
        if (tags.size() > TagOperations.MAX_TAGS_PER_RESOURCE) {
            throw SsmException.validation("Tags may hold at most " + TagOperations.MAX_TAGS_PER_RESOURCE + " tags.");
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < tags.size(); i++) {
            Tag tag = tags.get(i);
            String at = "Tags[" + i + "]";
            if (tag == null || tag.key() == null || tag.value() == null) {
                throw SsmException.validation(at + " needs both Key and Value.");
            }
            if (tag.key().isEmpty() || tag.key().length() > 128 || !TAG_TEXT.matcher(tag.key()).matches()) {
                throw SsmException.validation(at + ".Key must have 1 to 128 letters, digits, spaces or _.:/=+-@.");
            }
            if (tag.key().toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw SsmException.validation(at + ".Key " + tag.key() + " is not allowed: the aws: prefix is reserved.");
            }
            if (tag.value().length() > 256 || !TAG_TEXT.matcher(tag.value()).matches()) {
                throw SsmException.validation(at + ".Value must have at most 256 letters, digits, spaces or _.:/=+-@.");
            }
            if (!keys.add(tag.key())) {
                throw SsmException.validation(at + ".Key " + tag.key() + " appears more than once.");
            }
        }
    }
}
