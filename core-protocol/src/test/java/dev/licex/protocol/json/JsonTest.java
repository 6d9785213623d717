package dev.licex.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void bytesThatLookLikeAnImpossibleUtf32AreMalformedInputNotAFailure() {
        // found by HostileInputProperties: two zero bytes, a byte, a zero byte
        assertThatThrownBy(() -> Json.parse(new byte[] {0, 0, 97, 0, 11, 21}))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("not UTF-8 JSON");
    }

    @Test
    void invalidUtf8DuplicateKeysAndTrailingTokensAreMalformed() {
        assertThatThrownBy(() -> Json.parse(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'}))
                .isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> Json.parse("{} {}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedJsonException.class);
        assertThat(Json.parse("{\"a\":1}".getBytes(StandardCharsets.UTF_8)).get("a").asInt()).isEqualTo(1);
    }
}
