package steward.fuzz;

import java.nio.charset.StandardCharsets;

/**
 * One generated request and what it is: {@code endpoint} (an SSM operation or a control
 * endpoint), its number and seed (regenerate it with the same seed), the kind of case, what was
 * done to it, and whether it must be refused.
 */
record FuzzCase(String endpoint, int index, long seed, String kind, String detail, FuzzClient.Request request,
                boolean mustReject) {

    /** The same request with authentication done wrong: refused for certain. */
    FuzzCase withAuth(FuzzClient.Auth auth, boolean refused) {
        return new FuzzCase(endpoint, index, seed, "auth", "otherwise valid request, " + auth, request.withAuth(auth),
                refused);
    }

    String describe() {
        FuzzClient.Request r = request;
        return endpoint + " #" + index + " (case seed " + seed + ", " + kind + (mustReject ? ", must be refused" : "") + "): "
                + detail + "\n    " + r.method() + " " + r.path() + (r.target() != null ? " X-Amz-Target: " + r.target() : "")
                + " auth " + r.auth() + " as " + r.accessKey() + (r.headers().isEmpty() ? "" : " headers " + r.headers())
                + "\n    body (" + r.body().length + " bytes): " + abbreviate(r.body());
    }

    static String abbreviate(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 600), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0xfffd) {
                out.append(String.format("\\x%02x", c & 0xff));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out + (body.length > 600 ? "...(" + body.length + " bytes)" : "");
    }
}
