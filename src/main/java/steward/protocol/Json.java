package steward.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The one JSON configuration of the wire: PascalCase member names (records use camelCase
 * components), absent rather than null members, and timestamps as epoch seconds with a
 * millisecond fraction, the way awsJson1_1 sends them.
 */
public final class Json {
    /** Deeper than any SSM shape nests; a guard against stack-exhausting bodies. */
    public static final int MAX_DEPTH = 64;

    /**
     * Jackson recycles its buffers per thread by default, and every request runs on a new
     * virtual thread, so each one allocated fresh buffers; a shared pool recycles across them.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build())
            .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(timestamps())
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
    }

    private Json() {
    }

    private static SimpleModule timestamps() {
        SimpleModule module = new SimpleModule("aws-timestamps");
        module.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                if (gen instanceof TokenBuffer) {
                    // Building a tree (valueToTree): a BigDecimal stays a plain decimal there,
                    // where numeric text would become a double and print as 1.7E9.
                    gen.writeNumber(epochSeconds(value));
                } else {
                    gen.writeNumber(epochSecondsText(value));
                }
            }
        });
        module.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() == JsonToken.VALUE_NUMBER_INT || p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                    return fromEpochSeconds(p.getDecimalValue());
                }
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
        });
        return module;
    }

    /** Epoch seconds with at most three decimals, e.g. 1550505827.119. */
    public static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }

    /** The same number as {@link #epochSeconds}, as JSON text, without BigDecimal's allocations on the hot path. */
    static String epochSecondsText(Instant instant) {
        long millis = instant.toEpochMilli();
        String sign = millis < 0 ? "-" : "";
        long magnitude = Math.abs(millis);
        long fraction = magnitude % 1000;
        return sign + magnitude / 1000 + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }

    public static Instant fromEpochSeconds(BigDecimal seconds) {
        return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
    }
}
