package steward.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.DocumentDescription;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentIdentifier;
import software.amazon.awssdk.services.ssm.model.DocumentKeyValuesFilter;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentException;
import software.amazon.awssdk.services.ssm.model.InvalidParametersException;
import software.amazon.awssdk.services.ssm.model.Target;
import steward.testing.ServerPerClass;

/** The AWS SDK reads the document operations' answers, and associations meet the catalogue's rules. */
class DocumentsEndToEndTest extends ServerPerClass {
    @Test
    void sdkReadsDescribeDocument() {
        DocumentDescription d = ssm.describeDocument(r -> r.name("AWS-ConfigureAWSPackage")).document();
        assertEquals("Amazon", d.owner());
        assertEquals("Sha256", d.hashTypeAsString());
        assertEquals("StringMap", d.parameters().get(4).typeAsString());
        assertEquals(List.of("Windows", "Linux", "MacOS"), d.platformTypesAsStrings());
    }

    @Test
    void sdkReadsYamlContent() {
        String yaml = ssm.getDocument(r -> r.name("AWS-UpdateSSMAgent").documentFormat(DocumentFormat.YAML)).content();
        assertTrue(yaml.contains("\nruntimeConfig:\n  aws:updateSsmAgent:\n"), yaml);
    }

    @Test
    void sdkPaginatorVisitsEveryDocumentOnce() {
        List<String> names = new ArrayList<>();
        for (DocumentIdentifier id : ssm.listDocumentsPaginator(r -> r.maxResults(1)
                .filters(DocumentKeyValuesFilter.builder().key("Owner").values("Amazon").build())).documentIdentifiers()) {
            names.add(id.name());
        }
        assertEquals(DocumentCatalogue.builtIn().all().stream().map(DocumentVersion::name).toList(), names);
    }

    @Test
    void unknownDocumentIsInvalidDocumentOnTheWire() {
        assertThrows(InvalidDocumentException.class, () -> ssm.describeDocument(r -> r.name("AWS-NoSuchDocument")));
    }

    @Test
    void associationWithoutRequiredParameterIsRejected() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> ssm.createAssociation(r -> r.name("AWS-RunPatchBaseline")
                        .targets(Target.builder().key("InstanceIds").values("*").build())
                        .parameters(Map.of("RebootOption", List.of("NoReboot")))));
        assertEquals("Parameter \"Operation\" requires a value.", e.awsErrorDetails().errorMessage());
    }
}
