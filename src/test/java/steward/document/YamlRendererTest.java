package steward.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import steward.protocol.Json;

class YamlRendererTest {

    private static String yaml(String json) throws Exception {
        return YamlRenderer.render(Json.MAPPER.readTree(json));
    }

    @Test
    void stringsThatWouldReadBackAsOtherTypesAreQuoted() throws Exception {
        assertEquals("""
                ---
                version: "1.2"
                flag: "true"
                empty: ""
                ref: "{{ name }}"
                plain: aws:runShellScript
                colon: "a: b"
                """, yaml("""
                {"version":"1.2","flag":"true","empty":"","ref":"{{ name }}","plain":"aws:runShellScript","colon":"a: b"}"""));
    }

    @Test
    void nonStringScalarsStayUnquoted() throws Exception {
        assertEquals("---\ncount: 7200\nb: false\nz: null\n", yaml("{\"count\":7200,\"b\":false,\"z\":null}"));
    }

    @Test
    void nestedMappingsInSequencesStartOnTheDashLine() throws Exception {
        assertEquals("""
                ---
                mainSteps:
                - action: aws:runShellScript
                  inputs:
                    runCommand:
                    - "echo \\"hi\\"\\nexit 0"
                - {}
                empty: []
                """, yaml("""
                {"mainSteps":[{"action":"aws:runShellScript","inputs":{"runCommand":["echo \\"hi\\"\\nexit 0"]}},{}],"empty":[]}"""));
    }

    @Test
    void yamlBooleanWordsAreQuotedEvenAsKeys() throws Exception {
        assertEquals("---\n\"n\": \"Yes\"\n", yaml("{\"n\":\"Yes\"}"));
    }

    @Test
    void sequencesOfSequencesIndent() throws Exception {
        assertEquals("---\nm:\n- \n  - a\n  - b\n", yaml("{\"m\":[[\"a\",\"b\"]]}"));
    }
}
