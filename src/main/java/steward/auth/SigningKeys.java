package steward.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SigV4 signing keys, derived from a secret for one date, region and service, and kept in a small
 * least-recently-used cache: a key serves every request of its day.
 */
final class SigningKeys {
    private record Scope(String secret, String date, String region, String service) {
        @Override
        public String toString() {
            return "Scope[" + date + "/" + region + "/" + service + "]";
        }
    }

    private final Map<Scope, byte[]> cache;

    SigningKeys(int capacity) {
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Scope, byte[]> eldest) {
                return size() > capacity;
            }
        };
    }

    byte[] key(String secret, String date, String region, String service) {
        Scope scope = new Scope(secret, date, region, service);
        synchronized (cache) {
            byte[] key = cache.get(scope);
            if (key != null) {
                return key;
            }
        }
        byte[] key = derive(secret, date, region, service);
        synchronized (cache) {
            cache.put(scope, key);
        }
        return key;
    }

    int size() {
        synchronized (cache) {
            return cache.size();
        }
    }

    static byte[] derive(String secret, String date, String region, String service) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    static byte[] hmac(byte[] key, String data) {
        return hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
