package steward.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import steward.protocol.ApiRequest;

/**
 * The SigV4 canonical request, built the way AWS builds it for every service but S3:
 * <ol>
 *   <li>the method;</li>
 *   <li>the canonical URI: the path as sent, with {@code .}, {@code ..} and empty segments removed,
 *       then every byte but the unreserved ones and {@code /} percent-encoded, so a path that was
 *       already percent-encoded on the wire is encoded a second time ({@code %20} becomes
 *       {@code %2520}), as botocore, the SDKs for Java v2 and JavaScript v3 and curl 8 sign it;</li>
 *   <li>the canonical query string: each name and value decoded and encoded again per RFC 3986,
 *       sorted by name, then value ({@code X-Amz-Signature} left out of a presigned request);</li>
 *   <li>the signed headers in the order the client listed them, each value trimmed with inner runs
 *       of blanks collapsed and repeated headers joined by commas;</li>
 *   <li>the signed header list as the client wrote it, and the payload hash.</li>
 * </ol>
 */
final class CanonicalRequest {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private CanonicalRequest() {
    }

    static String build(ApiRequest request, SignedRequest signed, String payloadHash) {
        StringBuilder out = new StringBuilder(256);
        out.append(request.method()).append('\n');
        out.append(uri(request.path())).append('\n');
        out.append(query(request.rawQuery(), signed.presigned())).append('\n');
        out.append(headers(request.headers(), signed.signedHeaders()));
        out.append('\n');
        out.append(signed.signedHeadersText()).append('\n');
        out.append(payloadHash);
        return out.toString();
    }

    /** The canonical URI of a raw (still percent-encoded) request path. */
    static String uri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : rawPath.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        StringBuilder normalized = new StringBuilder(rawPath.length() + 8);
        normalized.append('/');
        normalized.append(String.join("/", segments));
        if (rawPath.endsWith("/") && !segments.isEmpty()) {
            normalized.append('/');
        }
        return encode(bytes(normalized.toString()), false);
    }

    /** The canonical query string of a raw query, without the leading {@code ?}. */
    static String query(String rawQuery, boolean presigned) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String parameter : rawQuery.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int eq = parameter.indexOf('=');
            String name = eq < 0 ? parameter : parameter.substring(0, eq);
            String value = eq < 0 ? "" : parameter.substring(eq + 1);
            byte[] decodedName = decode(name);
            if (presigned && new String(decodedName, StandardCharsets.UTF_8).equals("X-Amz-Signature")) {
                continue;
            }
            pairs.add(new String[] {encode(decodedName, true), encode(decode(value), true)});
        }
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder out = new StringBuilder(rawQuery.length() + 16);
        for (String[] pair : pairs) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(pair[0]).append('=').append(pair[1]);
        }
        return out.toString();
    }

    /** One {@code name:value\n} line for each signed header, in the client's order. */
    static String headers(Map<String, String> headers, List<String> signedHeaders) {
        StringBuilder out = new StringBuilder(256);
        for (String name : signedHeaders) {
            String value = headers.get(name);
            out.append(name).append(':').append(value == null ? "" : trimAll(value)).append('\n');
        }
        return out.toString();
    }

    /** Trims a header value and collapses every run of blanks inside it into one space. */
    static String trimAll(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean blank = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t') {
                blank = true;
            } else {
                if (blank && !out.isEmpty()) {
                    out.append(' ');
                }
                blank = false;
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Percent-encodes every byte but the RFC 3986 unreserved characters ({@code A-Z a-z 0-9 - _ . ~}),
     * and {@code /} unless {@code encodeSlash}; hex digits in upper case.
     */
    static String encode(byte[] bytes, boolean encodeSlash) {
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    /**
     * Decodes {@code %XY} escapes and {@code +} (a space, as in the form encoding the server's own
     * query decoder reads); a {@code %} that starts no valid escape stands for itself.
     */
    static byte[] decode(String text) {
        byte[] raw = bytes(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            int c = raw[i] & 0xFF;
            if (c == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                out.write(hex(raw[i + 1]) << 4 | hex(raw[i + 2]));
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static int hex(byte b) {
        int c = b & 0xFF;
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /**
     * The bytes a request text stood for on the wire. The HTTP decoder hands the request line and
     * header values over one character per byte (ISO-8859-1), so such text goes back byte for byte;
     * text with wider characters came from elsewhere and is UTF-8.
     */
    static byte[] bytes(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                return text.getBytes(StandardCharsets.UTF_8);
            }
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
