package org.film4j.runtime.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PillowBicubicTest {

  /** The pattern also written by the Python script below. */
  private static int[][] pattern(int width, int height) {
    int[][] planes = new int[3][width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < 3; c++) {
          planes[c][y * width + x] = (x * 37 + y * 91 + c * 53 + ((x * y) % 17) * 11) % 256;
        }
      }
    }
    return planes;
  }

  /*
   * Expected planes printed by Pillow 9.4 (Debian's python3-pil) for the same pattern:
   *   a[y, x, c] = (x*37 + y*91 + c*53 + ((x*y) % 17)*11) % 256   (uint8, HxWx3)
   *   out = np.asarray(Image.fromarray(a, 'RGB').resize((W, H), Image.BICUBIC))
   */
  @Test
  void shrinkMatchesPillow() {
    assertPillow(13, 9, 5, 4, new int[][] {
        {105, 134, 128, 80, 129, 123, 129, 136, 108, 125, 120, 132, 121, 152, 148, 158, 105, 99,
            124, 116},
        {133, 139, 124, 101, 186, 142, 124, 114, 92, 133, 152, 121, 101, 94, 113, 94, 116, 121,
            104, 98},
        {147, 145, 120, 144, 113, 113, 111, 134, 148, 140, 141, 128, 122, 149, 148, 148, 153, 134,
            156, 154}});
  }

  @Test
  void shrinkOneAxisEnlargeTheOtherMatchesPillow() {
    assertPillow(13, 9, 7, 12, new int[][] {
        {12, 77, 165, 165, 20, 108, 173, 72, 165, 102, 140, 121, 67, 144, 159, 167, 107, 104, 152,
            43, 140, 194, 93, 171, 93, 94, 61, 163, 59, 173, 106, 163, 127, 91, 151, 104, 107, 110,
            163, 146, 93, 142, 140, 86, 150, 147, 133, 126, 166, 113, 151, 166, 126, 115, 185, 181,
            89, 199, 65, 67, 177, 202, 65, 150, 127, 74, 96, 163, 91, 133, 178, 111, 99, 112, 118,
            79, 146, 157, 165, 104, 96, 81, 166, 79},
        {64, 135, 221, 72, 80, 161, 226, 141, 152, 121, 154, 79, 115, 197, 173, 141, 91, 154, 111,
            95, 199, 133, 111, 145, 67, 156, 107, 205, 112, 130, 97, 92, 134, 63, 87, 166, 130, 161,
            133, 80, 56, 167, 197, 117, 160, 111, 67, 84, 179, 176, 106, 91, 54, 98, 123, 91, 131,
            120, 114, 112, 108, 115, 94, 119, 111, 144, 165, 69, 107, 92, 94, 103, 125, 142, 91, 95,
            104, 60, 103, 75, 75, 158, 83, 121},
        {118, 204, 184, 55, 151, 181, 23, 190, 118, 163, 132, 78, 169, 76, 163, 106, 108, 162, 102,
            168, 124, 60, 161, 67, 128, 214, 167, 139, 142, 61, 152, 152, 188, 116, 136, 141, 96,
            127, 89, 133, 115, 131, 113, 153, 120, 67, 120, 144, 137, 109, 162, 146, 115, 151, 176,
            150, 184, 81, 114, 178, 161, 167, 148, 183, 126, 176, 120, 122, 160, 145, 146, 163, 182,
            98, 144, 148, 157, 113, 156, 128, 135, 211, 136, 174}});
  }

  @Test
  void enlargeMatchesPillow() {
    assertPillow(4, 3, 9, 7, new int[][] {
        {0, 0, 11, 29, 46, 61, 80, 95, 102, 7, 12, 28, 48, 66, 84, 103, 120, 127, 42, 49, 67, 90,
            117, 144, 167, 185, 193, 86, 96, 117, 142, 163, 184, 209, 230, 240, 131, 144, 174, 190,
            161, 132, 148, 178, 191, 168, 183, 222, 228, 146, 63, 69, 108, 122, 185, 200, 243, 245,
            141, 36, 38, 81, 96},
        {41, 48, 64, 82, 97, 114, 142, 170, 182, 57, 65, 83, 103, 122, 137, 146, 149, 151, 92, 104,
            131, 160, 190, 202, 157, 96, 70, 139, 149, 170, 195, 232, 244, 162, 56, 12, 196, 183,
            150, 131, 161, 185, 146, 90, 68, 244, 207, 117, 51, 70, 108, 128, 140, 147, 255, 218,
            105, 20, 35, 78, 120, 159, 176},
        {94, 101, 115, 136, 164, 191, 212, 226, 232, 113, 120, 138, 155, 160, 164, 181, 199, 207,
            164, 174, 202, 207, 152, 96, 101, 129, 139, 192, 205, 241, 239, 141, 43, 41, 77, 90,
            125, 138, 171, 181, 131, 80, 91, 123, 136, 42, 55, 82, 108, 123, 136, 163, 190, 202, 10,
            22, 47, 80, 119, 157, 190, 215, 227}});
  }

  private static void assertPillow(int width, int height, int outWidth, int outHeight,
      int[][] expected) {
    int[][] out = PillowBicubic.resize(pattern(width, height), width, height, outWidth, outHeight);
    for (int c = 0; c < 3; c++) {
      assertArrayEquals(expected[c], out[c], "channel " + c);
    }
  }

  @Test
  void agreesWithAStraightforwardFloatingPointReference() {
    Random random = new Random(7);
    int[][] sizes = {{40, 30, 17, 11}, {10, 8, 23, 19}, {33, 21, 33, 5}, {6, 50, 31, 50}};
    for (int[] s : sizes) {
      int[] plane = random.ints(s[0] * s[1], 0, 256).toArray();
      int[] out = PillowBicubic.resize(new int[][] {plane}, s[0], s[1], s[2], s[3])[0];
      int[] ref = reference(plane, s[0], s[1], s[2], s[3]);
      for (int i = 0; i < out.length; i++) {
        assertTrue(Math.abs(out[i] - ref[i]) <= 1,
            Arrays.toString(s) + " pixel " + i + ": " + out[i] + " vs reference " + ref[i]);
      }
    }
  }

  /**
   * Textbook separable resampling: for each output pixel, weight every input pixel by the
   * a=-0.5 cubic of its distance (stretched when shrinking), normalise over the pixels inside
   * the image, round and clip to 0..255 after each axis. Doubles throughout, no tap tables.
   */
  private static int[] reference(int[] in, int w, int h, int outW, int outH) {
    double[] tmp = new double[outW * h];
    int[] rows = new int[outW * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < outW; x++) {
        rows[y * outW + x] = outW == w ? in[y * w + x] : sample(in, w, y * w, 1, w, outW, x);
      }
    }
    int[] out = new int[outW * outH];
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        out[y * outW + x] = outH == h ? rows[y * outW + x] : sample(rows, h, x, outW, h, outH, y);
      }
    }
    return out;
  }

  private static int sample(int[] data, int inSize, int start, int step, int n, int outSize,
      int out) {
    double scale = (double) inSize / outSize;
    double stretch = Math.max(1, scale);
    double center = (out + 0.5) * scale;
    double sum = 0;
    double weights = 0;
    for (int i = 0; i < n; i++) {
      double d = (i + 0.5 - center) / stretch;
      double ad = Math.abs(d);
      double k = ad < 1 ? 1.5 * ad * ad * ad - 2.5 * ad * ad + 1
          : ad < 2 ? -0.5 * ad * ad * ad + 2.5 * ad * ad - 4 * ad + 2 : 0;
      sum += k * data[start + i * step];
      weights += k;
    }
    return (int) Math.min(255, Math.max(0, Math.floor(sum / weights + 0.5)));
  }

  @Test
  void constantImageStaysConstant() {
    int[][] planes = new int[3][20 * 14];
    for (int c = 0; c < 3; c++) {
      Arrays.fill(planes[c], 17 + 100 * c);
    }
    for (int[] size : new int[][] {{7, 5}, {31, 29}, {20, 3}}) {
      int[][] out = PillowBicubic.resize(planes, 20, 14, size[0], size[1]);
      for (int c = 0; c < 3; c++) {
        for (int v : out[c]) {
          assertEquals(17 + 100 * c, v);
        }
      }
    }
  }

  @Test
  void sameSizeLeavesPixelsExact() {
    int[][] planes = pattern(11, 6);
    int[][] out = PillowBicubic.resize(planes, 11, 6, 11, 6);
    for (int c = 0; c < 3; c++) {
      assertArrayEquals(planes[c], out[c]);
    }
  }
}
