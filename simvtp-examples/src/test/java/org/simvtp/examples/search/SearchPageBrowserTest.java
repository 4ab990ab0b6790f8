package org.simvtp.examples.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simvtp.models.facade.SearchHit;

/**
 * The search page in headless Chromium (driven through chromedriver): type a query, submit, check the first result
 * and that its video plays; saves a screenshot to {@code target/search-page.png}. Skipped when Chromium or
 * chromedriver is not installed (Debian: {@code apt-get install chromium chromium-driver}; other locations through
 * {@code -Dsimvtp.chromium=...} and {@code -Dsimvtp.chromedriver=...}).
 */
@Tag("slow")
class SearchPageBrowserTest {

    private static final String QUERY = "a large blue square moves right";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void typeAQueryAndPlayTheFirstHit(@TempDir Path dir) throws Exception {
        Path chromium = Path.of(System.getProperty("simvtp.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("simvtp.chromedriver", "/usr/bin/chromedriver"));
        Assumptions.assumeTrue(
                Files.isExecutable(chromium) && Files.isExecutable(chromedriver),
                "needs " + chromium + " and " + chromedriver);
        Path screenshot = Path.of("target", "search-page.png");
        Files.createDirectories(screenshot.getParent());

        try (SearchFixture fixture = SearchFixture.create(dir, 6, videos -> {});
                SearchServer server = SearchServer.builder()
                        .setIndex(fixture.index)
                        .optPort(0)
                        .build()) {
            server.start();
            SearchHit best = fixture.index.search(QUERY, 1).get(0);
            try (WebDriverClient browser = WebDriverClient.start(
                    chromedriver,
                    chromium,
                    Files.createDirectories(dir.resolve("profile")),
                    dir.resolve("driver.log"))) {
                browser.navigate(server.uri().toString());
                browser.type(browser.find("#q"), QUERY);
                browser.click(browser.find("#go"));
                browser.await(
                        "return document.querySelectorAll('.hit').length === 6"
                                + " && [...document.querySelectorAll('.hit img')].every(i => i.complete && i.naturalWidth > 0);",
                        WAIT,
                        "6 results with loaded thumbnails");
                String firstName = browser.script("return document.querySelector('.hit .name').textContent;")
                        .getAsString();
                assertEquals(best.video().getFileName().toString(), firstName);

                browser.click(browser.find(".hit"));
                browser.await(
                        "const v = document.getElementById('player');"
                                + " return v.readyState >= 2 && v.currentTime > 0.3 && !v.error;",
                        WAIT,
                        "the player to decode and advance");
                JsonObject state = browser.script("const v = document.getElementById('player'); v.pause();"
                                + " return {src: v.currentSrc, width: v.videoWidth, time: v.currentTime};")
                        .getAsJsonObject();
                assertTrue(state.get("src").getAsString().contains("/video/" + firstName), state.toString());
                assertEquals(96, state.get("width").getAsInt(), state.toString());
                browser.screenshot(screenshot);
            }
        }
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertTrue(image.getWidth() >= 800 && image.getHeight() >= 600, image.toString());
    }
}
