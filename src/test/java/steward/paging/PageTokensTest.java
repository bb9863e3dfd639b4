package steward.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import steward.errors.SsmException;
import steward.tenant.Tenant;

class PageTokensTest {
    private static final Tenant TENANT = new Tenant("000000000000", "us-east-1");
    private final PageTokens tokens = new PageTokens(new byte[32]);

    private void assertRejected(String operation, Tenant tenant, String binding, String token) {
        SsmException e = assertThrows(SsmException.class, () -> tokens.open(operation, tenant, binding, token));
        assertEquals("InvalidNextToken", e.code());
    }

    @Test
    void opensWhatItSealed() {
        String token = tokens.seal("ListAssociations", TENANT, "filters", "42");
        assertEquals("42", tokens.open("ListAssociations", TENANT, "filters", token));
    }

    @Test
    void everySingleCharacterChangeIsRejected() {
        String token = tokens.seal("ListAssociations", TENANT, "filters", "1");
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        for (int i = 0; i < token.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (c != token.charAt(i)) {
                    String altered = token.substring(0, i) + c + token.substring(i + 1);
                    assertRejected("ListAssociations", TENANT, "filters", altered);
                }
            }
        }
    }

    @Test
    void tokenIsBoundToOperationTenantAndBinding() {
        String token = tokens.seal("ListAssociations", TENANT, "filters", "1");
        assertRejected("ListAssociationVersions", TENANT, "filters", token);
        assertRejected("ListAssociations", new Tenant("111122223333", "us-east-1"), "filters", token);
        assertRejected("ListAssociations", new Tenant("000000000000", "eu-west-1"), "filters", token);
        assertRejected("ListAssociations", TENANT, "other filters", token);
    }

    @Test
    void malformedTokensAreRejected() {
        for (String bad : new String[] {"", ".", "abc", "a.b.c", "!!.!!", "x".repeat(5000)}) {
            assertRejected("ListAssociations", TENANT, "filters", bad);
        }
    }

    @Test
    void aTokenFromAnotherKeyIsRejected() {
        byte[] other = new byte[32];
        other[0] = 1;
        String token = new PageTokens(other).seal("ListAssociations", TENANT, "filters", "1");
        assertRejected("ListAssociations", TENANT, "filters", token);
    }
}
