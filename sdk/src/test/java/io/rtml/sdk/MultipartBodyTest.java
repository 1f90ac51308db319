package io.rtml.sdk;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultipartBodyTest {

    @Test
    void shouldWritePartsInRfc7578Form() {
        byte[] body = new MultipartBody("XyZ")
                .file("artifact", "m.model", "application/octet-stream", new byte[]{1, 2, 3})
                .field("metadata", "application/json", "{\"format\":\"tribuo\"}")
                .build();

        String expected = "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"artifact\"; filename=\"m.model\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + "\u0001\u0002\u0003\r\n"
                + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + "{\"format\":\"tribuo\"}\r\n"
                + "--XyZ--\r\n";
        assertThat(new String(body, StandardCharsets.ISO_8859_1)).isEqualTo(expected);
        assertThat(new MultipartBody("XyZ").contentType()).isEqualTo("multipart/form-data; boundary=XyZ");
    }

    @Test
    void shouldKeepBinaryArtifactBytesUnchanged() {
        byte[] artifact = new byte[256];
        for (int i = 0; i < artifact.length; i++) {
            artifact[i] = (byte) i;
        }
        byte[] body = new MultipartBody("b").file("artifact", "a", "application/octet-stream", artifact).build();

        byte[] head = ("--b\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"a\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(Arrays.copyOfRange(body, head.length, head.length + artifact.length)).isEqualTo(artifact);
    }

    @Test
    void shouldEscapeQuotesInPartNames() {
        String body = new String(new MultipartBody("b").field("a\"b", "text/plain", "x").build(),
                StandardCharsets.UTF_8);

        assertThat(body).contains("name=\"a\\\"b\"");
    }

    @Test
    void shouldRefuseAnOverlongBoundary() {
        assertThatThrownBy(() -> new MultipartBody("x".repeat(71))).isInstanceOf(IllegalArgumentException.class);
    }
}
