package steward.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fuzzer's own oracle: generated valid values satisfy their shapes, and generated violations
 * of scalar shapes really violate them (a "must be refused" request that the model allows would
 * be a false alarm), for every shape the implemented operations' inputs reach.
 */
class GeneratorSelfTest {
    private static final List<String> OPERATIONS = List.of("CreateAssociation", "CreateAssociationBatch",
            "DescribeAssociation", "UpdateAssociation", "DeleteAssociation", "ListAssociations", "ListAssociationVersions",
            "AddTagsToResource", "RemoveTagsFromResource", "ListTagsForResource", "DescribeDocument", "GetDocument",
            "ListDocuments", "StartAssociationsOnce", "DescribeAssociationExecutions", "DescribeAssociationExecutionTargets",
            "DescribeInstanceAssociationsStatus", "DescribeEffectiveInstanceAssociations", "UpdateAssociationStatus",
            "DescribeInstanceInformation", "PutComplianceItems", "ListComplianceItems", "ListResourceComplianceSummaries",
            "ListComplianceSummaries", "CreateDocument", "UpdateDocument", "DeleteDocument", "ListDocumentVersions",
            "UpdateDocumentDefaultVersion", "ModifyDocumentPermission", "DescribeDocumentPermission");

    private final Shapes shapes = Shapes.ssm().with(ControlCases.SHAPES);
    private final ValueForge forge = new ValueForge(shapes);

    private Set<String> reachable() {
        Set<String> seen = new LinkedHashSet<>();
        List<String> roots = new ArrayList<>();
        OPERATIONS.forEach(op -> roots.add(shapes.inputShape(op).orElseThrow()));
        roots.addAll(List.of("ControlNodeRegistration", "ControlBehavior", "ControlAlarmState", "ControlClockMove"));
        roots.forEach(root -> walk(root, seen));
        return seen;
    }

    private void walk(String shape, Set<String> seen) {
        if (!seen.add(shape)) {
            return;
        }
        switch (shapes.type(shape)) {
            case "structure" -> shapes.members(shape).values().forEach(m -> walk(m, seen));
            case "list" -> walk(shapes.listMember(shape), seen);
            case "map" -> {
                walk(shapes.mapKey(shape), seen);
                walk(shapes.mapValue(shape), seen);
            }
            default -> {
            }
        }
    }

    @Test
    void everyPatternOfTheInputsCanBeSampled() {
        Random r = new Random(1);
        List<String> unsampled = new ArrayList<>();
        for (String shape : reachable()) {
            if (shapes.pattern(shape).isEmpty()) {
                continue;
            }
            boolean hit = false;
            for (int i = 0; i < 200 && !hit; i++) {
                hit = shapes.validString(shape, forge.validString(shape, r, new Dictionary(false), i % 2 == 0 ? 0 : 0.5));
            }
            if (!hit) {
                unsampled.add(shape);
            }
        }
        assertEquals(List.of(), unsampled, "patterns the sampler cannot satisfy");
    }

    @Test
    void validScalarsSatisfyTheirShapes() {
        Random r = new Random(2);
        for (String shape : reachable()) {
            String type = shapes.type(shape);
            for (int i = 0; i < 100; i++) {
                JsonNode value = forge.valid(shape, r, new Dictionary(false), 0.4, 0);
                switch (type) {
                    case "string" -> assertTrue(value.isTextual() && shapes.validString(shape, value.textValue()), shape + ": " + value);
                    case "integer", "long" -> assertTrue(inRange(shape, value), shape + ": " + value);
                    default -> {
                    }
                }
            }
        }
    }

    @Test
    void violationsOfScalarsReallyViolate() {
        Random r = new Random(3);
        for (String shape : reachable()) {
            String type = shapes.type(shape);
            for (int i = 0; i < 200; i++) {
                ValueForge.Violation v = forge.violation(shape, r, new Dictionary(false));
                switch (type) {
                    case "string" -> assertFalse(v.value().isTextual() && shapes.validString(shape, v.value().textValue()),
                            shape + " accepts its violation " + v);
                    case "integer", "long" -> assertFalse(v.value().isIntegralNumber() && inRange(shape, v.value()),
                            shape + " accepts its violation " + v);
                    case "boolean" -> assertFalse(v.value().isBoolean(), shape + " accepts " + v);
                    case "timestamp" -> assertFalse(v.value().isNumber(), shape + " accepts " + v);
                    default -> {
                    }
                }
            }
        }
    }

    private boolean inRange(String shape, JsonNode value) {
        if (!value.isIntegralNumber()) {
            return false;
        }
        boolean fits = "integer".equals(shapes.type(shape)) ? value.canConvertToInt() : value.canConvertToLong();
        BigDecimal n = value.decimalValue();
        return fits && shapes.min(shape).map(m -> n.compareTo(m) >= 0).orElse(true)
                && shapes.max(shape).map(m -> n.compareTo(m) <= 0).orElse(true);
    }
}
