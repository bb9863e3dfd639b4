package steward.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Tag;
import steward.testing.ServerPerClass;
import steward.testing.TestServer;

/** Node tags through AWS's tagging API, resource type ManagedInstance, and what they make tag filters select. */
class ManagedInstanceTagsEndToEndTest extends ServerPerClass {
    private static String register(String body) throws Exception {
        return new ObjectMapper().readTree(control.post("/_steward/nodes", body).body()).get("InstanceId").asText();
    }

    private static List<Tag> tagsOf(String id) {
        return ssm.listTagsForResource(r -> r.resourceType("ManagedInstance").resourceId(id)).tagList();
    }

    private static List<String> selectedBy(String key, String value) {
        return ssm.describeInstanceInformation(r -> r.filters(f -> f.key(key).values(value))).instanceInformationList()
                .stream().map(i -> i.instanceId()).toList();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    @Test
    void tagsGivenAtRegistrationAreListed() throws Exception {
        String id = register("{\"Tags\": [{\"Key\": \"team\", \"Value\": \"ops\"}, {\"Key\": \"env\", \"Value\": \"prod\"}]}");
        assertEquals(List.of(tag("env", "prod"), tag("team", "ops")), tagsOf(id));
    }

    @Test
    void addingAndRemovingTagsChangesWhatTagFiltersSelect() throws Exception {
        String id = register("{}");
        assertEquals(List.of(), selectedBy("tag:tier", "gold"));
        ssm.addTagsToResource(r -> r.resourceType("ManagedInstance").resourceId(id).tags(tag("tier", "gold")));
        assertEquals(List.of(id), selectedBy("tag:tier", "gold"));
        assertEquals(List.of(id), selectedBy("tag-key", "tier"));
        ssm.addTagsToResource(r -> r.resourceType("ManagedInstance").resourceId(id).tags(tag("tier", "silver")));
        assertEquals(List.of(), selectedBy("tag:tier", "gold"));
        ssm.removeTagsFromResource(r -> r.resourceType("ManagedInstance").resourceId(id).tagKeys("tier"));
        assertEquals(List.of(), selectedBy("tag-key", "tier"));
        assertEquals(List.of(), tagsOf(id));
    }

    @Test
    void unknownAndDeletedNodesAreInvalidResourceId() throws Exception {
        String id = register("{\"Tags\": [{\"Key\": \"k\", \"Value\": \"v\"}]}");
        assertEquals(200, control.delete("/_steward/nodes/" + id).status());
        for (String missing : List.of(id, "mi-0000000000000000f")) {
            assertEquals("InvalidResourceId", assertThrows(SsmException.class, () -> tagsOf(missing))
                    .awsErrorDetails().errorCode());
        }
    }

    @Test
    void anotherAccountCannotTagTheNode() throws Exception {
        String id = register("{}");
        try (SsmClient other = server.client("111122223333", TestServer.REGION)) {
            assertEquals("InvalidResourceId", assertThrows(SsmException.class, () -> other.addTagsToResource(r -> r
                    .resourceType("ManagedInstance").resourceId(id).tags(tag("k", "v")))).awsErrorDetails().errorCode());
        }
        assertEquals(List.of(), tagsOf(id));
    }
}
