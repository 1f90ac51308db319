package io.rtml.contracts;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How model artifacts are addressed everywhere: lower-case hex SHA-256 of the bytes. The registry
 * stores and serves it as the ETag, inference refuses bytes that hash differently, the SDK checks it.
 */
public final class ArtifactChecksum {

    private ArtifactChecksum() {
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
