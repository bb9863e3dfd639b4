package steward.tenant;

import java.util.Objects;

/** The account and region that own a piece of data; nothing crosses from one tenant to another. */
public record Tenant(String accountId, String region) {
    public Tenant {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
    }
}
