package org.film4j.cli.analyze;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One self-contained HTML page: sections of text, tables and figures, each figure also written
 * beside it as a PNG file and embedded in the page as base64.
 */
public final class Report {

  private final Path folder;
  private final StringBuilder body = new StringBuilder();
  private final List<Path> figures = new ArrayList<>();

  /** A report whose figures go to {@code folder}, which must exist. */
  public Report(Path folder, String title) {
    this.folder = folder;
    body.append("<h1>").append(escape(title)).append("</h1>\n");
  }

  /** Starts a section; {@code id} is its anchor. */
  public Report section(String id, String heading) {
    body.append("<h2 id=\"").append(id).append("\">").append(escape(heading)).append("</h2>\n");
    return this;
  }

  public Report paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  /** A table; the first column is a row header. */
  public Report table(List<String> header, List<List<String>> rows) {
    body.append("<table>\n<tr>");
    header.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
    body.append("</tr>\n");
    for (List<String> row : rows) {
      body.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        String tag = i == 0 ? "th" : "td";
        body.append('<').append(tag).append('>').append(escape(row.get(i)))
            .append("</").append(tag).append('>');
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** A figure: written as {@code name}.png and embedded. */
  public Report figure(String name, byte[] png) throws IOException {
    image(name, png, name);
    return this;
  }

  private void image(String name, byte[] png, String alt) throws IOException {
    Path file = folder.resolve(name + ".png");
    Files.write(file, png);
    figures.add(file);
    body.append("<img alt=\"").append(escape(alt)).append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png)).append("\">\n");
  }

  /** A figure of a {@link #gallery}: its PNG carries its title; {@code description} is its alt. */
  public record Tile(String name, byte[] png, String description) {
  }

  /** Figures side by side in a grid, each written as its {@code name}.png and embedded. */
  public Report gallery(List<Tile> tiles) throws IOException {
    body.append("<div class=\"gallery\">\n");
    for (Tile tile : tiles) {
      image(tile.name(), tile.png(), tile.description());
    }
    body.append("</div>\n");
    return this;
  }

  /** The PNG files written so far. */
  public List<Path> figures() {
    return List.copyOf(figures);
  }

  /** Writes the page to {@code report.html} in the folder and returns its path. */
  public Path write() throws IOException {
    Path page = folder.resolve("report.html");
    Files.writeString(page, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        + "<title>film4j analysis</title><style>body{font-family:sans-serif;max-width:1200px}"
        + "table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:2px 6px;"
        + "text-align:right}img{margin:4px;max-width:100%}"
        + ".gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(290px,1fr));"
        + "gap:8px}"
        + "</style></head><body>\n" + body
        + "</body></html>\n", StandardCharsets.UTF_8);
    return page;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
