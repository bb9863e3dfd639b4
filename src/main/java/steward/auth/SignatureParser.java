package steward.auth;

import static steward.auth.AuthErrors.incomplete;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import steward.protocol.ApiRequest;

/**
 * Reads the SigV4 parts of a request, in header form or presigned query form, and rejects
 * malformed ones with the code and wording AWS uses ({@code MissingAuthenticationToken},
 * {@code IncompleteSignature}). It checks the form only; {@link SigV4Verifier} checks the scope,
 * the key, the time and the signature.
 */
public final class SignatureParser {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final long MAX_EXPIRES_SECONDS = 604_800;

    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Pattern AMZ_DATE_TEXT = Pattern.compile("\\d{8}T\\d{6}Z");
    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");

    public SignedRequest parse(ApiRequest request) {
        String authorization = request.header("authorization");
        if (authorization != null) {
            return parseHeader(authorization.trim(), request);
        }
        if (request.queryParameter("X-Amz-Algorithm") != null || request.queryParameter("X-Amz-Credential") != null
                || request.queryParameter("X-Amz-Signature") != null) {
            return parseQuery(request);
        }
        throw AuthErrors.missingAuthenticationToken();
    }

    private SignedRequest parseHeader(String header, ApiRequest request) {
        int space = header.indexOf(' ');
        String algorithm = space < 0 ? header : header.substring(0, space);
        Map<String, String> parts = new LinkedHashMap<>();
        if (algorithm.equals(ALGORITHM)) {
            for (String token : SEPARATORS.split(header.substring(space + 1))) {
                if (token.isEmpty()) {
                    continue;
                }
                int eq = token.indexOf('=');
                if (eq <= 0) {
                    throw incomplete("'" + token + "' not a valid key=value pair (missing equal-sign) in Authorization "
                            + "header: '" + header + "'.");
                }
                parts.putIfAbsent(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        String date = request.header("x-amz-date");
        String dateHeader = date != null ? "x-amz-date" : "date";
        if (date == null) {
            date = request.header("date");
        }
        StringBuilder missing = new StringBuilder();
        for (String name : List.of("Credential", "Signature", "SignedHeaders")) {
            String value = parts.get(name);
            if (value == null || value.isEmpty()) {
                missing.append("Authorization header requires '").append(name).append("' parameter. ");
            }
        }
        if (date == null || date.isBlank()) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (!missing.isEmpty()) {
            throw incomplete(missing + "Authorization=" + header);
        }
        Instant time = parseDate(date.trim(), dateHeader.equals("date"));
        return build(parts.get("Credential"), parts.get("SignedHeaders"), parts.get("Signature"), false, time, 0,
                request.header("x-amz-security-token"));
    }

    private SignedRequest parseQuery(ApiRequest request) {
        String algorithm = request.queryParameter("X-Amz-Algorithm");
        String credential = request.queryParameter("X-Amz-Credential");
        String signature = request.queryParameter("X-Amz-Signature");
        String signedHeaders = request.queryParameter("X-Amz-SignedHeaders");
        String date = request.queryParameter("X-Amz-Date");
        String expires = request.queryParameter("X-Amz-Expires");
        StringBuilder missing = new StringBuilder();
        String[][] required = {{"X-Amz-Algorithm", algorithm}, {"X-Amz-Credential", credential},
            {"X-Amz-Signature", signature}, {"X-Amz-SignedHeaders", signedHeaders}, {"X-Amz-Date", date},
            {"X-Amz-Expires", expires}};
        for (String[] parameter : required) {
            if (parameter[1] == null || parameter[1].isEmpty()) {
                missing.append("AWS query-string parameters must include '").append(parameter[0]).append("'. ");
            }
        }
        if (!missing.isEmpty()) {
            throw incomplete(missing + "Re-examine the query-string parameters.");
        }
        if (!ALGORITHM.equals(algorithm)) {
            throw incomplete("X-Amz-Algorithm only supports \"" + ALGORITHM + "\"");
        }
        long expiresSeconds;
        try {
            expiresSeconds = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            throw incomplete("X-Amz-Expires should be a number");
        }
        if (expiresSeconds < 1) {
            throw incomplete("X-Amz-Expires must be at least 1 second; the given X-Amz-Expires is " + expires);
        }
        if (expiresSeconds > MAX_EXPIRES_SECONDS) {
            throw incomplete("X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires "
                    + "must be less than " + MAX_EXPIRES_SECONDS + " seconds");
        }
        String token = request.queryParameter("X-Amz-Security-Token");
        if (token == null) {
            token = request.header("x-amz-security-token");
        }
        return build(credential, signedHeaders, signature, true, parseDate(date, false), expiresSeconds, token);
    }

    /**
     * X-Amz-Date is ISO-8601 basic; a Date header may also be an RFC 1123 date, as HTTP writes it
     * (it goes into the string to sign in the ISO-8601 basic form).
     */
    static Instant parseDate(String text, boolean httpDateAllowed) {
        if (AMZ_DATE_TEXT.matcher(text).matches()) {
            try {
                return AMZ_DATE.parse(text, Instant::from);
            } catch (DateTimeParseException e) {
                // falls through to the error below
            }
        } else if (httpDateAllowed) {
            try {
                // The day of the week is left out: AWS's own 2011 test vectors name the wrong one.
                return DateTimeFormatter.RFC_1123_DATE_TIME.parse(text.replaceFirst("^[A-Za-z]{3},\\s*", ""),
                        Instant::from);
            } catch (DateTimeParseException e) {
                // falls through to the error below
            }
        }
        throw incomplete("Date must be in ISO-8601 'basic format'. Got '" + text + "'. See "
                + "http://en.wikipedia.org/wiki/ISO_8601");
    }

    private static SignedRequest build(String credential, String signedHeaders, String signature, boolean presigned,
                                       Instant time, long expiresSeconds, String securityToken) {
        String[] scope = credential.split("/", -1);
        if (scope.length != 5) {
            throw incomplete("Credential must have exactly 5 slash-delimited elements, e.g. "
                    + "keyid/date/region/service/term, got '" + credential + "'");
        }
        if (!"aws4_request".equals(scope[4])) {
            throw incomplete("Credential should be scoped with a valid terminator: 'aws4_request', not '" + scope[4]
                    + "'. ");
        }
        List<String> headers = new ArrayList<>();
        for (String name : signedHeaders.split(";", -1)) {
            headers.add(name.trim().toLowerCase(Locale.ROOT));
        }
        return new SignedRequest(scope[0], scope[1], scope[2], scope[3], signedHeaders, List.copyOf(headers), signature,
                presigned, AMZ_DATE.format(time), time, expiresSeconds, securityToken);
    }
}
