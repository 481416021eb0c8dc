package org.film4j.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SynthOptionsTest {

    private final SynthOptions defaults = SynthOptions.of(Path.of("out"), "val", 10, 5, 1);

    @Test
    void defaultsToTheSmallPresetsSquareImages() {
        assertEquals(64, defaults.width());
        assertEquals(64, defaults.height());
        assertEquals(Cogent.NONE, defaults.cogent());
        assertEquals("CLEVR_val_000042.png", defaults.imageFilename(42));
        assertEquals(Path.of("out/images/val"), defaults.imageDir());
    }

    @Test
    void parsesSquareAndRectangularSizes() {
        SynthOptions square = defaults.withSize("96");
        assertEquals(List.of(96, 96), List.of(square.width(), square.height()));
        SynthOptions clevr = defaults.withSize("480x320");
        assertEquals(List.of(480, 320), List.of(clevr.width(), clevr.height()));
    }

    @Test
    void rejectsBadOptionsNamingThem() {
        assertMessage("size 'big' must be PX or WxH", () -> defaults.withSize("big"));
        assertMessage("image width 16 px is outside 32..480", () -> defaults.withSize("16"));
        assertMessage("image height 640 px is outside 32..480", () -> defaults.withSize("480x640"));
        assertMessage("split 'my split' must be", () -> SynthOptions.of(Path.of("o"), "my split", 1, 1, 1));
        assertMessage("images must be at least 1, got 0", () -> SynthOptions.of(Path.of("o"), "val", 0, 1, 1));
        assertMessage("questions per image must not be negative", () -> SynthOptions.of(Path.of("o"), "val", 1, -1, 1));
        assertMessage("prefix '../x' must be", () -> defaults.withPrefix("../x"));
    }

    @Test
    void histogramReportShowsEachFamilysAnswerShares() {
        SynthSummary summary = new SynthSummary(1, 4, Map.of("exist", Map.of("yes", 3, "no", 1)));
        String report = summary.histogramReport();
        assertTrue(report.contains("yes:3 (75%)") && report.contains("no:1 (25%)"), report);
        assertTrue(report.contains("two_hop_query"), report);
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable run) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
