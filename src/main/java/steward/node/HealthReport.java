package steward.node;

import java.time.Duration;

/**
 * What an agent reports in UpdateInstanceInformation; null members leave the stored value as it
 * is (the start-up "empty ping" carries only the version and platform type).
 *
 * <p>The agent reports every 5 minutes by default (Ssm.HealthFrequencyMinutes, 5 to 60). A node
 * whose last report is older than {@link #CONNECTION_LOST_AFTER} (two missed reports at the
 * default frequency) shows ConnectionLost, and Online again with its next report.
 */
public record HealthReport(String agentVersion, String platformType, String platformName, String platformVersion,
                           String ipAddress, String computerName) {
    public static final Duration CONNECTION_LOST_AFTER = Duration.ofMinutes(10);
    public static final String ONLINE = "Online";
    public static final String CONNECTION_LOST = "ConnectionLost";
}
