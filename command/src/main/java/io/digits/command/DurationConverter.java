package io.digits.command;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as people write them: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 250ms}, {@code 2d}
 * (or ISO-8601, {@code PT90S}). A bare number or a zero or negative length is refused.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** The duration {@code text} stands for; a {@link TypeConversionException} with a helpful message otherwise. */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Duration total;
        if (s.startsWith("pt") || s.startsWith("p")) {
            try {
                total = Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        } else {
            Matcher m = PART.matcher(s);
            total = Duration.ZERO;
            int end = 0;
            while (m.find() && m.start() == end) {
                total = total.plus(unit(Long.parseLong(m.group(1)), m.group(2)));
                end = m.end();
            }
            if (end == 0 || end != s.length()) {
                throw invalid(text);
            }
        }
        if (total.isZero() || total.isNegative()) {
            throw new TypeConversionException("'" + text + "' is not a positive duration");
        }
        return total;
    }

    private static Duration unit(long amount, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalStateException(unit);
        };
    }

    private static TypeConversionException invalid(String text) {
        return new TypeConversionException("'" + text + "' is not a duration (write it like 90s, 5m, 1h30m or 250ms)");
    }
}
