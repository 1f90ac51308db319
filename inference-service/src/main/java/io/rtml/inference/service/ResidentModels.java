package io.rtml.inference.service;

import io.rtml.common.rest.ApiException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The loaded versions of one replica, never more bytes than the budget: a version is admitted once it is
 * loaded and measured, after the least recently used versions that are neither pinned nor answering a
 * request right now have been evicted to make room. A version answering a request counts as used now (it
 * is the opposite of idle); evicting it would free nothing until the request ends. An evicted version
 * leaves the set at once and is closed when its last request lets go ({@link LoadedModel#release()}); its
 * bytes count against the budget until then, so what the budget bounds is what is really in memory.
 *
 * <p>Lookups are lock-free (a request only stamps its version with the tick of a shared clock); admission
 * and eviction take this object's lock.
 */
public final class ResidentModels {

    /** How long a caller refused for lack of idle room is told to wait: requests hold models for milliseconds. */
    static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(1);

    private final long budgetBytes;
    private final Predicate<LoadedModel> pinned;
    private final Map<String, LoadedModel> resident = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();
    /** Guarded by this: bytes of the resident versions, of evicted ones still answering, and the most ever held. */
    private long residentBytes;
    private long closingBytes;
    private long peakBytes;

    /** The versions admitted (one per key) and those evicted to make room for them. */
    public record Admission(LoadedModel serving, List<LoadedModel> evicted) {
    }

    public ResidentModels(long budgetBytes, Predicate<LoadedModel> pinned) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("the memory budget must be positive, got " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
        this.pinned = pinned;
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    /** The resident version under {@code key}, marked as just used; null when it is not resident. */
    public LoadedModel get(String key) {
        LoadedModel l = resident.get(key);
        if (l != null) {
            l.touch(clock.incrementAndGet());
        }
        return l;
    }

    /** The resident version under {@code key} without marking it used. */
    public LoadedModel peek(String key) {
        return resident.get(key);
    }

    public Collection<LoadedModel> all() {
        return List.copyOf(resident.values());
    }

    /** Bytes in memory now: resident versions plus evicted ones their last requests still hold. */
    public synchronized long bytesInMemory() {
        return residentBytes + closingBytes;
    }

    /** The most {@link #bytesInMemory()} has ever been. */
    public synchronized long peakBytes() {
        return peakBytes;
    }

    /**
     * Makes {@code candidate} resident, evicting least recently used idle unpinned versions while it does not
     * fit. Refused, with the candidate closed: 507 when it can never fit (larger than the budget, or than what
     * pinned versions leave of it), 503 with Retry-After when the room is held by versions answering requests.
     * When its key is already resident (two loads raced), the resident one is kept and the candidate closed.
     */
    public synchronized Admission admit(LoadedModel candidate) {
        LoadedModel already = resident.get(candidate.key());
        if (already != null) {
            candidate.retire(() -> { });
            already.touch(clock.incrementAndGet());
            return new Admission(already, List.of());
        }
        long size = candidate.residentBytes();
        if (size > budgetBytes) {
            candidate.retire(() -> { });
            throw tooLarge(candidate.model(), candidate.version(), size, budgetBytes);
        }
        long pinnedBytes = resident.values().stream().filter(pinned).mapToLong(LoadedModel::residentBytes).sum();
        if (size > budgetBytes - pinnedBytes) {
            candidate.retire(() -> { });
            throw new ApiException(507, candidate.model() + " v" + candidate.version() + " needs " + size
                    + " bytes; pinned models hold " + pinnedBytes + " of the memory budget of " + budgetBytes
                    + " bytes (rtml.inference.models.memory-budget), leaving " + (budgetBytes - pinnedBytes),
                    Map.of("neededBytes", size, "budgetBytes", budgetBytes, "pinnedBytes", pinnedBytes));
        }
        List<LoadedModel> victims = new ArrayList<>();
        long free = budgetBytes - residentBytes - closingBytes;
        List<LoadedModel> oldestFirst = resident.values().stream().filter(l -> !pinned.test(l))
                .sorted(Comparator.comparingLong(LoadedModel::lastUsed)).toList();
        for (LoadedModel l : oldestFirst) {
            if (free >= size) {
                break;
            }
            if (!l.inUse()) {
                victims.add(l);
                free += l.residentBytes();
            }
        }
        if (free < size) {
            candidate.retire(() -> { });
            throw ApiException.unavailable(candidate.model() + " v" + candidate.version() + " needs " + size
                    + " bytes of the memory budget of " + budgetBytes + "; " + (budgetBytes - free)
                    + " are held by pinned models and by models answering requests now", BUSY_RETRY_AFTER);
        }
        victims.forEach(this::evictLocked);
        if (residentBytes + closingBytes + size > budgetBytes) {
            // A victim was taken by a request between the check and its eviction: its bytes stay until it ends.
            candidate.retire(() -> { });
            throw ApiException.unavailable(candidate.model() + " v" + candidate.version() + " needs " + size
                    + " bytes; the memory budget of " + budgetBytes + " is held by models answering requests now",
                    BUSY_RETRY_AFTER);
        }
        resident.put(candidate.key(), candidate);
        candidate.touch(clock.incrementAndGet());
        residentBytes += size;
        peakBytes = Math.max(peakBytes, residentBytes + closingBytes);
        return new Admission(candidate, List.copyOf(victims));
    }

    /** 507 for a version of {@code size} bytes that no eviction can make room for. */
    public static ApiException tooLarge(String model, int version, long size, long budgetBytes) {
        return new ApiException(507, model + " v" + version + " needs " + size
                + " bytes, more than the whole memory budget of " + budgetBytes
                + " bytes (rtml.inference.models.memory-budget)", Map.of("neededBytes", size, "budgetBytes", budgetBytes));
    }

    /** Evicts {@code key} (an explicit unload); false when it was not resident. Pinned or not is the caller's rule. */
    public synchronized boolean evict(String key) {
        LoadedModel l = resident.get(key);
        if (l == null) {
            return false;
        }
        evictLocked(l);
        return true;
    }

    private void evictLocked(LoadedModel l) {
        resident.remove(l.key());
        long size = l.residentBytes();
        residentBytes -= size;
        closingBytes += size;
        l.retire(() -> closed(size));
    }

    private synchronized void closed(long size) {
        closingBytes -= size;
    }
}
