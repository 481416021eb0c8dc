package org.film4j.data.predict;

import java.util.ArrayList;
import java.util.List;

/** Plain-text tables with aligned columns, as the command line prints them. */
public final class TextTable {

  private TextTable() {
  }

  /**
   * Rows under a header, each column as wide as its widest cell; the first column is
   * left-aligned, the others right-aligned (numbers).
   */
  public static String render(List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    int[] widths = new int[header.size()];
    for (List<String> row : all) {
      for (int c = 0; c < row.size(); c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.size(); c++) {
        String format = c == 0 ? "%-" + widths[c] + "s" : "  %" + widths[c] + "s";
        line.append(String.format(format, row.get(c)));
      }
      text.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    return text.toString();
  }

}
