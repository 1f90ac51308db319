package io.rtml.registry.rest;

import io.rtml.common.rest.ApiException;
import io.rtml.contracts.card.DataCard;
import io.rtml.registry.repository.CardQuery;
import io.rtml.registry.service.ResiliencyStatus;
import io.rtml.registry.service.VersionFilter;
import jakarta.ws.rs.QueryParam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The query parameters both catalogue searches take ({@code GET /api/v1/models}, {@code GET /api/v1/versions}):
 * data-card facts, alias and resiliency. Every value is read here, so a bad one is a 400 naming the parameter
 * (and, for an enum, the allowed values), never a silently empty answer.
 */
public class CatalogQuery {

    @QueryParam("minThirdPartyShare")
    public String minThirdPartyShare;
    @QueryParam("maxThirdPartyShare")
    public String maxThirdPartyShare;
    @QueryParam("minCompleteness")
    public String minCompleteness;
    @QueryParam("maxCompleteness")
    public String maxCompleteness;
    @QueryParam("minAugmentedShare")
    public String minAugmentedShare;
    @QueryParam("maxAugmentedShare")
    public String maxAugmentedShare;
    @QueryParam("minDataAgeDays")
    public String minDataAgeDays;
    @QueryParam("maxDataAgeDays")
    public String maxDataAgeDays;
    @QueryParam("modality")
    public String modality;
    @QueryParam("labelling")
    public String labelling;
    @QueryParam("alias")
    public String alias;
    @QueryParam("resiliency")
    public String resiliency;

    /** The filter, or a 400 listing every bad parameter. */
    public VersionFilter filter() {
        List<String> problems = new ArrayList<>();
        CardQuery card = new CardQuery(
                share("minThirdPartyShare", minThirdPartyShare, problems), share("maxThirdPartyShare", maxThirdPartyShare, problems),
                share("minCompleteness", minCompleteness, problems), share("maxCompleteness", maxCompleteness, problems),
                share("minAugmentedShare", minAugmentedShare, problems), share("maxAugmentedShare", maxAugmentedShare, problems),
                days("minDataAgeDays", minDataAgeDays, problems), days("maxDataAgeDays", maxDataAgeDays, problems),
                oneOf("modality", modality, DataCard.ModalityKind.values(), DataCard.ModalityKind::wireName, problems),
                oneOf("labelling", labelling, DataCard.LabellingKind.values(), DataCard.LabellingKind::wireName, problems),
                alias(problems));
        ResiliencyStatus status = oneOf("resiliency", resiliency, ResiliencyStatus.values(), ResiliencyStatus::wireName,
                problems);
        if (!problems.isEmpty()) {
            throw new ApiException(400, "Bad query: " + String.join("; ", problems), problems);
        }
        return new VersionFilter(card, status);
    }

    /** {@code ingestionMode} of the model catalogue: batch or streaming (null when not asked). */
    public static String ingestionMode(String value) {
        if (blank(value)) {
            return null;
        }
        if (!List.of("batch", "streaming").contains(value)) {
            throw new ApiException(400, "Query parameter 'ingestionMode' must be one of batch, streaming; was '" + value + "'",
                    List.of("ingestionMode: must be one of batch, streaming"));
        }
        return value;
    }

    private String alias(List<String> problems) {
        if (blank(alias)) {
            return null;
        }
        if (!alias.matches("[a-z][a-z0-9-]{0,31}")) {
            problems.add("alias: must be 1-32 lower-case letters, digits or '-', starting with a letter; was '" + alias + "'");
            return null;
        }
        return alias;
    }

    private static Double share(String name, String value, List<String> problems) {
        Double d = number(name, value, problems);
        if (d != null && !(d >= 0 && d <= 1)) {
            problems.add(name + ": must be a share in [0, 1], was " + value);
            return null;
        }
        return d;
    }

    private static Double days(String name, String value, List<String> problems) {
        Double d = number(name, value, problems);
        if (d != null && !(d >= 0 && d <= 36_500)) {
            problems.add(name + ": must be a number of days in [0, 36500], was " + value);
            return null;
        }
        return d;
    }

    private static Double number(String name, String value, List<String> problems) {
        if (blank(value)) {
            return null;
        }
        try {
            double d = Double.parseDouble(value.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(name + ": must be a number, was '" + value + "'");
        return null;
    }

    private static <E> E oneOf(String name, String value, E[] values, Function<E, String> wire, List<String> problems) {
        if (blank(value)) {
            return null;
        }
        Optional<E> found = Arrays.stream(values).filter(e -> wire.apply(e).equals(value)).findFirst();
        if (found.isEmpty()) {
            problems.add(name + ": must be one of " + String.join(", ", Arrays.stream(values).map(wire).toList())
                    + "; was '" + value + "'");
            return null;
        }
        return found.get();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
