package org.film4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.VisualInput;
import org.film4j.runtime.image.ImagePreprocessor;
import org.film4j.runtime.text.TypedQuestions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playground in a real browser (Debian's chromium, driven by Selenium through its
 * chromium-driver): it answers as the runtime does, its sliders change the answer as the same
 * change does in the runtime, and a notice appears for an image of another shape. Leaves a
 * screenshot in {@code target/playground.png}.
 */
class PlaygroundBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final String QUESTION = "How many spheres are there?";

  @Test
  void thePageAnswersAsTheRuntimeAndItsSlidersChangeFilm(@TempDir Path tmp) throws IOException {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "skipped: no browser here; the test needs Debian's chromium and chromium-driver "
            + "(apt-get install -y chromium chromium-driver; .ci/run installs them as root)");
    try (TestServer server = TestServer.start()) {
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
      ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
          "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--user-data-dir=" + tmp.resolve("profile"), "--window-size=1280,1100");
      WebDriver browser = new ChromeDriver(service, options);
      try {
        browser.get(server.url().toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        WebElement first = wait.until(b -> b.findElements(By.cssSelector("#examples img"))
            .stream().filter(img -> !img.getAttribute("src").isEmpty()).findFirst()
            .map(img -> img.findElement(By.xpath(".."))).orElse(null));
        assertEquals("CLEVR_val_000000.png", first.getAttribute("title"));
        first.click();
        wait.until(b -> !b.findElement(By.id("image-size")).getText().isEmpty());
        browser.findElement(By.id("question")).sendKeys(QUESTION);
        browser.findElement(By.id("ask")).click();
        awaitAnswers(wait, 1);
        FilmModel model = server.model();
        String reading = TypedQuestions.read(QUESTION, model.info().questionVocabulary())
            .question();
        VisualInput image = VisualInput.image(TestServer.valImage(0));
        assertEquals(model.answer(image, reading).answer(), text(browser, "answer"));
        assertEquals(5, browser.findElements(By.cssSelector("#top-k .bar")).size());
        assertEquals("64", browser.findElement(By.id("gamma-map")).getAttribute("width"));
        assertEquals("4", browser.findElement(By.id("beta-map")).getAttribute("height"));
        assertFalse(browser.findElement(By.id("notice")).isDisplayed(), "a 64x64 image");

        // Zeroing γ in one block, as the paper's ablations: the first block where the
        // runtime's answer changes so.
        int block = changingBlock(model, image, reading);
        String changed = zeroedGammaAnswer(model, image, reading, block);
        ((JavascriptExecutor) browser).executeScript(
            "document.getElementById('block').value = arguments[0];"
                + "const s = document.getElementById('gamma-scale'); s.value = 0;"
                + "s.dispatchEvent(new Event('input'));", String.valueOf(block));
        awaitAnswers(wait, 2);
        assertEquals(changed, text(browser, "answer"));
        assertNotEquals(model.answer(image, reading).answer(), changed);
        assertEquals("0.00", text(browser, "gamma-scale-value"));

        // An image of another shape: the notice says so.
        Path wide = tmp.resolve("wide.png");
        BufferedImage stretched = new BufferedImage(128, 64, BufferedImage.TYPE_INT_RGB);
        stretched.createGraphics().drawImage(ImagePreprocessor.read(TestServer.valImage(7)), 0,
            0, 128, 64, null);
        ImageIO.write(stretched, "png", wide.toFile());
        browser.findElement(By.id("upload")).sendKeys(wide.toString());
        awaitAnswers(wait, 3);
        WebElement notice = browser.findElement(By.id("notice"));
        assertTrue(notice.isDisplayed());
        assertTrue(notice.getText().contains("aspect"), notice.getText());

        Path shot = Path.of("target", "playground.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
      } finally {
        browser.quit();
        service.stop();
      }
    }
  }

  private static void awaitAnswers(WebDriverWait wait, int count) {
    wait.until(b -> String.valueOf(count).equals(
        b.findElement(By.id("result")).getAttribute("data-answers")));
  }

  private static String text(WebDriver browser, String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private static int changingBlock(FilmModel model, VisualInput image, String question) {
    String plain = model.answer(image, question).answer();
    for (int block = 0; block < model.info().modules(); block++) {
      if (!zeroedGammaAnswer(model, image, question, block).equals(plain)) {
        return block;
      }
    }
    throw new AssertionError("zeroing γ in no single block changes the answer to " + question);
  }

  private static String zeroedGammaAnswer(FilmModel model, VisualInput image, String question,
      int block) {
    FilmParameters p = model.generate(List.of(question));
    for (int c = 0; c < p.channels(); c++) {
      p.setGamma(0, block, c, 0);
    }
    return model.answer(List.of(image), p).get(0).answer();
  }
}
