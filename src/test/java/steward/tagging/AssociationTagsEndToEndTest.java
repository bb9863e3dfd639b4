package steward.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Tag;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.ServerPerClass;

class AssociationTagsEndToEndTest extends ServerPerClass {
    private static String createTagged(Tag... tags) {
        return ssm.createAssociation(r -> r.name("AWS-RunShellScript")
                .targets(Target.builder().key("InstanceIds").values("*").build())
                .parameters(Map.of("commands", List.of("echo"))).tags(tags)).associationDescription().associationId();
    }

    private static List<Tag> tagsOf(String id) {
        return ssm.listTagsForResource(r -> r.resourceType("Association").resourceId(id)).tagList();
    }

    private static String code(Runnable call) {
        return assertThrows(SsmException.class, call::run).awsErrorDetails().errorCode();
    }

    @Test
    void tagsGivenAtCreationAreListed() {
        String id = createTagged(Tag.builder().key("env").value("prod").build(), Tag.builder().key("team").value("ops").build());
        assertEquals(List.of(Tag.builder().key("env").value("prod").build(), Tag.builder().key("team").value("ops").build()),
                tagsOf(id));
    }

    @Test
    void addOverwritesAndRemoveDeletes() {
        String id = createTagged(Tag.builder().key("env").value("dev").build());
        ssm.addTagsToResource(r -> r.resourceType("Association").resourceId(id)
                .tags(Tag.builder().key("env").value("prod").build(), Tag.builder().key("owner").value("me").build()));
        assertEquals(List.of(Tag.builder().key("env").value("prod").build(), Tag.builder().key("owner").value("me").build()),
                tagsOf(id));
        ssm.removeTagsFromResource(r -> r.resourceType("Association").resourceId(id).tagKeys("env", "absent"));
        assertEquals(List.of(Tag.builder().key("owner").value("me").build()), tagsOf(id));
    }

    @Test
    void moreThanFiftyTagsIsTooManyTagsAndAddsNothing() {
        String id = createTagged();
        List<Tag> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(Tag.builder().key("k" + i).value("v").build());
        }
        ssm.addTagsToResource(r -> r.resourceType("Association").resourceId(id).tags(fifty));
        assertEquals("TooManyTagsError", code(() -> ssm.addTagsToResource(r -> r.resourceType("Association")
                .resourceId(id).tags(Tag.builder().key("one-more").value("v").build()))));
        assertEquals(50, tagsOf(id).size());
    }

    @Test
    void unknownResourcesAndTypesAreRejected() {
        String missing = "00000000-0000-0000-0000-000000000000";
        assertEquals("InvalidResourceId", code(() -> ssm.listTagsForResource(r -> r.resourceType("Association").resourceId(missing))));
        assertEquals("InvalidResourceId", code(() -> ssm.addTagsToResource(r -> r.resourceType("Association")
                .resourceId(missing).tags(Tag.builder().key("a").value("b").build()))));
        assertEquals("InvalidResourceType", code(() -> ssm.listTagsForResource(r -> r.resourceType("OpsItem").resourceId("oi-123"))));
        assertEquals("ValidationException", code(() -> ssm.listTagsForResource(r -> r.resourceType("Nonsense").resourceId("x"))));
    }

    @Test
    void reservedTagKeysAreRejected() {
        String id = createTagged();
        assertEquals("ValidationException", code(() -> ssm.addTagsToResource(r -> r.resourceType("Association")
                .resourceId(id).tags(Tag.builder().key("aws:reserved").value("x").build()))));
        assertEquals(List.of(), tagsOf(id));
    }

    /**
     * The API cannot show a deleted association's tags, so the store is read directly (a reader
     * beside the server, which WAL allows): the rows are there before the delete and gone after.
     */
    @Test
    void deletingAnAssociationDeletesItsTags() throws Exception {
        String id = createTagged(Tag.builder().key("env").value("prod").build(), Tag.builder().key("team").value("ops").build());
        String kept = createTagged(Tag.builder().key("env").value("prod").build());
        assertEquals(2, storedTags(id), "tag rows of the association before the delete");
        ssm.deleteAssociation(r -> r.associationId(id));
        assertEquals("InvalidResourceId", code(() -> ssm.listTagsForResource(r -> r.resourceType("Association").resourceId(id))));
        assertEquals(0, storedTags(id), "tag rows of the deleted association");
        assertEquals(List.of(Tag.builder().key("env").value("prod").build()), tagsOf(kept), "another association keeps its tags");
        assertEquals(1, storedTags(kept));
    }

    private static int storedTags(String associationId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + server.dataDir().resolve("steward.db"));
             PreparedStatement count = c.prepareStatement(
                     "SELECT COUNT(*) FROM resource_tag WHERE resource_type = 'Association' AND resource_id = ?")) {
            count.setString(1, associationId);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
