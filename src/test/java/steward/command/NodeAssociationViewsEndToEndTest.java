package steward.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.AssociationStatusName;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.ServerPerClass;
import steward.testing.SignedHttp;

/** What association runs leave on the nodes: DescribeInstanceInformation's association members, UpdateAssociationStatus. */
class NodeAssociationViewsEndToEndTest extends ServerPerClass {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String group = "g" + UUID.randomUUID().toString().substring(0, 8);

    private String node(String status) {
        SignedHttp.Response response = control.post("/_steward/nodes", "{\"Tags\":[{\"Key\":\"group\",\"Value\":\""
                + group + "\"}],\"Behavior\":{\"Status\":\"" + status + "\"}}");
        assertEquals(200, response.status(), response.body());
        try {
            return JSON.readTree(response.body()).get("InstanceId").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static InstanceInformation info(String id) {
        return ssm.describeInstanceInformation(r -> r.instanceInformationFilterList(f -> f.key("InstanceIds")
                .valueSet(id))).instanceInformationList().get(0);
    }

    private static InstanceInformation awaitStatus(String id, String status) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            InstanceInformation info = info(id);
            if (status.equals(info.associationStatus())) {
                return info;
            }
            assertTrue(Instant.now().isBefore(deadline), "never " + status + ": " + info);
            CommandsEndToEndTest.sleep(50);
        }
    }

    private String associate(String document) {
        return ssm.createAssociation(r -> r.name(document).targets(Target.builder().key("tag:group").values(group).build())
                .parameters(Map.of("commands", List.of("echo")))).associationDescription().associationId();
    }

    @Test
    void instanceInformationShowsTheNodesAssociationResults() {
        String good = node("Success");
        String bad = node("Failed");
        assertNull(info(good).associationStatus(), "no association has run on it yet");
        associate("AWS-RunShellScript");
        InstanceInformation ok = awaitStatus(good, "Success");
        assertNotNull(ok.lastAssociationExecutionDate());
        assertEquals(ok.lastAssociationExecutionDate(), ok.lastSuccessfulAssociationExecutionDate());
        assertEquals(Map.of("Success", 1), ok.associationOverview().instanceAssociationStatusAggregatedCount());
        assertEquals("Success", ok.associationOverview().detailedStatus());
        InstanceInformation failed = awaitStatus(bad, "Failed");
        assertNotNull(failed.lastAssociationExecutionDate());
        assertNull(failed.lastSuccessfulAssociationExecutionDate());
        assertEquals(Map.of("Failed", 1), failed.associationOverview().instanceAssociationStatusAggregatedCount());
    }

    @Test
    void updateAssociationStatusWorksForATargetBasedAssociation() {
        String id = node("Success");
        String associationId = associate("AWS-RunShellScript");
        var updated = ssm.updateAssociationStatus(r -> r.name("AWS-RunShellScript").instanceId(id)
                .associationStatus(s -> s.name(AssociationStatusName.FAILED).message("agent says no").date(Instant.now())))
                .associationDescription();
        assertEquals(associationId, updated.associationId());
        assertEquals("Failed", updated.status().nameAsString());
        assertEquals("agent says no", updated.status().message());
        SsmException none = assertThrows(SsmException.class, () -> ssm.updateAssociationStatus(r -> r
                .name("AWS-UpdateSSMAgent").instanceId(id).associationStatus(s -> s.name(AssociationStatusName.SUCCESS)
                        .message("m").date(Instant.now()))));
        assertEquals("AssociationDoesNotExist", none.awsErrorDetails().errorCode());
    }
}
