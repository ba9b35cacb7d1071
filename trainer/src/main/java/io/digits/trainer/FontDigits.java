package io.digits.trainer;

import io.digits.core.image.ImageRejectedException;
import io.digits.core.image.MnistPreprocessor;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Printed digits: the machine's font families that really draw the ten digits, and their digits drawn as
 * pictures (dark ink on white, anti-aliased) the way a user would send them.
 *
 * <p>The rule that keeps a family (see {@link #judge}): it is not one of Java's logical fonts; its name does not
 * call it a symbol, dingbat, math, icon or emoji font; {@code canDisplayUpTo("0123456789")} accepts all ten; and
 * its ten digits, each drawn at 64 px and put through {@link MnistPreprocessor} like any picture, (1) all have
 * ink, (2) are pairwise distinct (mean absolute difference of the 28x28 inputs above {@link #MIN_DIFFERENCE}), and
 * (3) look like digits: at least {@link #MIN_TEMPLATE_MATCHES} of the ten are nearer (Euclidean, 28x28) to the
 * same digit of the reference family {@value #REFERENCE} than to any other of its digits. Rule (3) is what
 * rejects fonts that map the digit code points to other glyphs (dingbats, math symbols, boxes); it is skipped
 * when the reference family is not installed.
 */
final class FontDigits {
    static final String REFERENCE = "DejaVu Sans";
    static final double MIN_DIFFERENCE = 0.02;
    static final int MIN_TEMPLATE_MATCHES = 8;
    private static final Set<String> LOGICAL = Set.of("dialog", "dialoginput", "monospaced", "sansserif", "serif");
    private static final Pattern NOT_TEXT = Pattern.compile(
            "(?i).*(symbol|dingbat|math|icon|emoji|wingding|webding|ornament).*");
    private static final String DIGITS = "0123456789";
    private static final int PROBE_SIZE = 64;

    private FontDigits() {
    }

    /** Why a family was kept or left out. */
    record Verdict(String family, boolean kept, String reason) {
    }

    /** The verdict on every font family of this machine, sorted by family name. */
    static List<Verdict> judgeInstalled() {
        Set<String> families = new TreeSet<>(List.of(GraphicsEnvironment.getLocalGraphicsEnvironment()
                .getAvailableFontFamilyNames(Locale.ROOT)));
        float[][] reference = families.contains(REFERENCE) ? glyphs(new Font(REFERENCE, Font.PLAIN, PROBE_SIZE))
                : null;
        List<Verdict> verdicts = new ArrayList<>();
        for (String family : families) {
            verdicts.add(judge(family, reference));
        }
        return verdicts;
    }

    private static List<String> usable;

    /** The families {@link #judgeInstalled} keeps (judged once per JVM: the installed fonts do not change). */
    static synchronized List<String> usableFamilies() {
        if (usable == null) {
            try {
                usable = judgeInstalled().stream().filter(Verdict::kept).map(Verdict::family).toList();
            } catch (RuntimeException | LinkageError | InternalError noFonts) {
                // a JRE without fontconfig or fonts: the printed set is then left out, not the whole evaluation
                org.slf4j.LoggerFactory.getLogger(FontDigits.class).warn("no usable fonts, the printed digits are "
                        + "left out: {}", noFonts.toString());
                usable = List.of();
            }
        }
        return usable;
    }

    static Verdict judge(String family, float[][] reference) {
        if (LOGICAL.contains(family.toLowerCase(Locale.ROOT).replace(" ", ""))) {
            return new Verdict(family, false, "a Java logical font (an alias of an installed family)");
        }
        if (NOT_TEXT.matcher(family).matches()) {
            return new Verdict(family, false, "the name says symbol/dingbat/math font");
        }
        Font font = new Font(family, Font.PLAIN, PROBE_SIZE);
        if (!font.getFamily(Locale.ROOT).equals(family)) {
            return new Verdict(family, false, "Java substitutes " + font.getFamily(Locale.ROOT));
        }
        if (font.canDisplayUpTo(DIGITS) != -1) {
            return new Verdict(family, false, "cannot display " + DIGITS.charAt(font.canDisplayUpTo(DIGITS)));
        }
        float[][] glyphs = glyphs(font);
        Optional<String> rejected = judgeGlyphs(glyphs, reference);
        return rejected.map(reason -> new Verdict(family, false, reason))
                .orElseGet(() -> new Verdict(family, true, "draws ten distinct digits"));
    }

    /**
     * Rules (1) to (3) on ten preprocessed glyphs (null where the picture had no ink); empty when they pass.
     * {@code reference} (the reference family's glyphs) may be null: rule (3) is then skipped.
     */
    static Optional<String> judgeGlyphs(float[][] glyphs, float[][] reference) {
        for (int d = 0; d < 10; d++) {
            if (glyphs[d] == null) {
                return Optional.of("digit " + d + " draws nothing");
            }
        }
        for (int a = 0; a < 10; a++) {
            for (int b = a + 1; b < 10; b++) {
                double difference = meanAbsoluteDifference(glyphs[a], glyphs[b]);
                if (difference <= MIN_DIFFERENCE) {
                    return Optional.of(String.format(Locale.ROOT, "digits %d and %d draw the same glyph "
                            + "(difference %.3f)", a, b, difference));
                }
            }
        }
        if (reference != null) {
            int matches = 0;
            for (int d = 0; d < 10; d++) {
                if (nearest(glyphs[d], reference) == d) {
                    matches++;
                }
            }
            if (matches < MIN_TEMPLATE_MATCHES) {
                return Optional.of("only " + matches + " of 10 glyphs look like the digit they stand for");
            }
        }
        return Optional.empty();
    }

    static int nearest(float[] glyph, float[][] templates) {
        int best = -1;
        double bestDistance = Double.MAX_VALUE;
        for (int t = 0; t < templates.length; t++) {
            double sum = 0;
            for (int i = 0; i < glyph.length; i++) {
                double d = glyph[i] - templates[t][i];
                sum += d * d;
            }
            if (sum < bestDistance) {
                bestDistance = sum;
                best = t;
            }
        }
        return best;
    }

    static double meanAbsoluteDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    /** The ten digits of {@code font}, each as the network would see it (null for a blank one). */
    private static float[][] glyphs(Font font) {
        MnistPreprocessor preprocessor = new MnistPreprocessor();
        float[][] glyphs = new float[10][];
        for (int d = 0; d < 10; d++) {
            try {
                glyphs[d] = preprocessor.preprocess(OodSets.png(draw(font, (char) ('0' + d), 0)), Optional.empty());
            } catch (ImageRejectedException e) {
                glyphs[d] = null;
            }
        }
        return glyphs;
    }

    /**
     * One digit in {@code font} (its size in pixels), rotated by {@code degrees} about its centre, dark on a white
     * canvas twice the font size.
     */
    static BufferedImage draw(Font font, char digit, double degrees) {
        int side = Math.max(16, 2 * font.getSize());
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, side, side);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(Color.BLACK);
            g.setFont(font);
            String text = String.valueOf(digit);
            java.awt.FontMetrics metrics = g.getFontMetrics();
            float x = (side - metrics.stringWidth(text)) / 2f;
            float y = (side + metrics.getAscent() - metrics.getDescent()) / 2f;
            g.rotate(Math.toRadians(degrees), side / 2.0, side / 2.0);
            g.drawString(text, x, y);
        } finally {
            g.dispose();
        }
        return image;
    }
}
