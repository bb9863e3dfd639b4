package steward.compliance;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One item as PutComplianceItems sends it (AWS's ComplianceItemEntry). */
public record ComplianceItemEntry(String id, String title, String severity, String status, Map<String, String> details) {
    /** The UTF-8 bytes of what the item says (id, title, details), which the size quotas count. */
    public long contentBytes() {
        long bytes = utf8(id) + utf8(title);
        if (details != null) {
            for (Map.Entry<String, String> e : details.entrySet()) {
                bytes += utf8(e.getKey()) + utf8(e.getValue());
            }
        }
        return bytes;
    }

    private static long utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
