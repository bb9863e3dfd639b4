package steward.node;

import java.util.List;
import java.util.Map;

/**
 * What a registered node reports about itself when the caller does not say: an operating
 * system per platform type and the SSM Agent version, all as a real node of that kind would.
 */
public final class Platforms {
    public static final List<String> TYPES = List.of("Linux", "Windows", "MacOS");
    public static final String DEFAULT_TYPE = "Linux";
    /** The agent every simulated node runs; IsLatestVersion is true for exactly this version. */
    public static final String LATEST_AGENT_VERSION = "3.3.1142.0";

    record Os(String name, String version) {
    }

    private static final Map<String, Os> OPERATING_SYSTEMS = Map.of(
            "Linux", new Os("Amazon Linux", "2023"),
            "Windows", new Os("Microsoft Windows Server 2022 Datacenter", "10.0.20348"),
            "MacOS", new Os("macOS", "14.5"));

    private Platforms() {
    }

    static Os operatingSystem(String platformType) {
        return OPERATING_SYSTEMS.get(platformType);
    }

    /** A private address derived from the id, so a node keeps it across restarts; nothing connects to it. */
    static String ipAddress(String instanceId) {
        int hash = instanceId.hashCode();
        return "10." + ((hash >>> 16) & 0xff) + "." + ((hash >>> 8) & 0xff) + "." + (1 + (hash & 0xff) % 254);
    }

    /** EC2 instance ids are {@code i-}; everything else Steward registers is an on-premises {@code mi-} node. */
    public static String resourceType(String instanceId) {
        return instanceId.startsWith("i-") ? "EC2Instance" : "ManagedInstance";
    }

    public static String sourceType(String instanceId) {
        return instanceId.startsWith("i-") ? "AWS::EC2::Instance" : "AWS::SSM::ManagedInstance";
    }
}
