package io.rtml.sdk;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body (RFC 7578) built in memory, for {@link java.net.http.HttpClient}
 * which has no multipart publisher of its own. Parts are written in the order they are added.
 */
public final class MultipartBody {

    private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);

    private final String boundary;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean finished;

    public MultipartBody() {
        this("rtml-" + UUID.randomUUID().toString().replace("-", ""));
    }

    /** With a given boundary (tests); it must not occur in any part's content. */
    public MultipartBody(String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw new IllegalArgumentException("a multipart boundary has 1 to 70 characters");
        }
        this.boundary = boundary;
    }

    /** The value of the request's {@code Content-Type} header. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** A form field, e.g. the JSON {@code metadata} part. */
    public MultipartBody field(String name, String contentType, String value) {
        return part(name, null, contentType, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A file part, e.g. the {@code artifact}. */
    public MultipartBody file(String name, String filename, String contentType, byte[] content) {
        return part(name, filename, contentType, content);
    }

    private MultipartBody part(String name, String filename, String contentType, byte[] content) {
        if (finished) {
            throw new IllegalStateException("the body was already built");
        }
        StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(quote(name)).append('"');
        if (filename != null) {
            head.append("; filename=\"").append(quote(filename)).append('"');
        }
        head.append("\r\nContent-Type: ").append(contentType).append("\r\n\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(CRLF);
        return this;
    }

    /** The finished body, closing delimiter included. */
    public byte[] build() {
        if (!finished) {
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            finished = true;
        }
        return out.toByteArray();
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "").replace("\n", "");
    }
}
