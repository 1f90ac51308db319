package io.rtml.registry.rest;

import java.util.List;

/** One page of a long list: {@code page} counts from 0, {@code total} is the size of the whole list. */
public record PageView<T>(List<T> items, int page, int size, long total) {
}
