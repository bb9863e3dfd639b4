package steward.node.activation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Activation codes: 20 characters from 15 random bytes (AWS's codes look the same), shown once
 * and stored only as SHA-256 over a random 16-byte salt and the code. A fast hash suffices
 * here, unlike for passwords: a code carries 120 random bits, so there is nothing for a
 * dictionary to find, and registration attempts are throttled besides.
 */
public final class ActivationCodes {
    private static final SecureRandom RANDOM = new SecureRandom();

    record Hashed(String salt, String hash) {
    }

    private ActivationCodes() {
    }

    static String newCode() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static Hashed hash(String code) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String saltHex = HexFormat.of().formatHex(salt);
        return new Hashed(saltHex, digest(saltHex, code));
    }

    /** Whether {@code code} hashes, with {@code salt}, to {@code hash}; compared in constant time. */
    public static boolean matches(String code, String salt, String hash) {
        return MessageDigest.isEqual(digest(salt, code).getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII));
    }

    private static String digest(String saltHex, String code) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(HexFormat.of().parseHex(saltHex));
            sha.update(code.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
