package io.rtml.common.security;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * The bearer token this service sends when it calls another rtml service (role {@code service}). It
 * lives in a file ({@code rtml.auth.service-token-file}) because whoever issues it rotates it: in
 * Kubernetes a mounted Secret the operator's identity-provider tooling refreshes, locally a token the
 * launcher mints. The file is read again when it changes, looked at no more often than every
 * {@value #RECHECK_MILLIS} ms, so a rotation needs no restart and the hot path no system call.
 */
@ApplicationScoped
public class ServiceToken {

    private static final Logger LOG = Logger.getLogger(ServiceToken.class);
    private static final long RECHECK_MILLIS = 2_000;

    private final Optional<Path> file;
    private volatile String token;
    private volatile FileTime readAt;
    private volatile long checkedAtMillis;

    public ServiceToken(@ConfigProperty(name = "rtml.auth.service-token-file") Optional<String> file) {
        this.file = file.filter(f -> !f.isBlank()).map(Path::of);
    }

    /** The current token, or empty when none is configured or the file cannot be read (the call then gets a 401 that says so). */
    public Optional<String> current() {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        if (token == null || now - checkedAtMillis >= RECHECK_MILLIS) {
            reload(now);
        }
        return Optional.ofNullable(token);
    }

    private synchronized void reload(long now) {
        if (token != null && now - checkedAtMillis < RECHECK_MILLIS) {
            return;
        }
        Path path = file.orElseThrow();
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            if (token == null || !modified.equals(readAt)) {
                String text = Files.readString(path, StandardCharsets.US_ASCII).trim();
                token = text.isEmpty() ? null : text;
                readAt = modified;
            }
        } catch (IOException e) {
            // Keep the last good token: a Secret being swapped can be missing for a moment.
            LOG.warnf("Service token file %s cannot be read (%s); calls to other services keep the last token read", path, e);
        }
        checkedAtMillis = now;
    }
}
