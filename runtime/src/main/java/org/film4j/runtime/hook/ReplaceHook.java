package org.film4j.runtime.hook;

import java.nio.file.Path;
import java.util.Arrays;
import org.film4j.runtime.FilmHook;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.HookContext;
import org.film4j.runtime.ModelInfo;

/**
 * {@code replace}: the original's {@code --gammas_from}/{@code --betas_from}. Gammas and/or
 * betas come from {@code .npy} files, broadcast to {@code [batch, modules, channels]} as
 * PyTorch's {@code expand_as}: the file's shape, aligned on the right, has each dimension equal
 * to the model's or 1, and a leading batch dimension of 1; {@code [channels]} gives every block
 * the same values, {@code [modules, channels]} every question.
 */
public final class ReplaceHook implements FilmHook {

  public static final String NAME = "replace";

  private final Path gammaFile;
  private final Path betaFile;
  private final Npy.Floats gammas;
  private final Npy.Floats betas;
  // The source values laid out [modules, channels] for the model's shape; made by init.
  private volatile Planes planes;

  private record Planes(int modules, int channels, float[] gammas, float[] betas) {
  }

  /** Either file may be {@code null} to keep the generator's values. */
  public ReplaceHook(Path gammaFile, Path betaFile) {
    if (gammaFile == null && betaFile == null) {
      throw new IllegalArgumentException("give gammas=FILE.npy and/or betas=FILE.npy");
    }
    this.gammaFile = gammaFile;
    this.betaFile = betaFile;
    this.gammas = gammaFile == null ? null : Npy.readFloats(gammaFile);
    this.betas = betaFile == null ? null : Npy.readFloats(betaFile);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void init(ModelInfo model) {
    planes(model.modules(), model.channels());
  }

  @Override
  public FilmParameters apply(HookContext context, FilmParameters p) {
    Planes source = planes(p.modules(), p.channels());
    int plane = p.modules() * p.channels();
    for (int b = 0; b < p.batch(); b++) {
      if (source.gammas != null) {
        System.arraycopy(source.gammas, 0, p.gammas(), b * plane, plane);
      }
      if (source.betas != null) {
        System.arraycopy(source.betas, 0, p.betas(), b * plane, plane);
      }
    }
    return p;
  }

  private Planes planes(int modules, int channels) {
    Planes current = planes;
    if (current == null || current.modules != modules || current.channels != channels) {
      current = new Planes(modules, channels,
          gammas == null ? null : broadcast(gammaFile, gammas, modules, channels),
          betas == null ? null : broadcast(betaFile, betas, modules, channels));
      planes = current;
    }
    return current;
  }

  /** The file's values expanded to {@code [modules, channels]}. */
  static float[] broadcast(Path file, Npy.Floats source, int modules, int channels) {
    long[] s = source.shape();
    long[] target = {1, modules, channels};
    if (s.length > 3) {
      throw mismatch(file, s, modules, channels);
    }
    long[] aligned = new long[3];
    Arrays.fill(aligned, 1);
    System.arraycopy(s, 0, aligned, 3 - s.length, s.length);
    for (int d = 0; d < 3; d++) {
      if (aligned[d] != 1 && aligned[d] != target[d]) {
        throw mismatch(file, s, modules, channels);
      }
    }
    float[] out = new float[modules * channels];
    for (int m = 0; m < modules; m++) {
      for (int c = 0; c < channels; c++) {
        int from = (int) ((aligned[1] == 1 ? 0 : m) * aligned[2] + (aligned[2] == 1 ? 0 : c));
        out[m * channels + c] = source.data()[from];
      }
    }
    return out;
  }

  private static IllegalArgumentException mismatch(Path file, long[] shape, int m, int c) {
    return new IllegalArgumentException("hook '" + NAME + "': " + file + " has shape "
        + Arrays.toString(shape) + ", which does not broadcast to [batch, " + m + ", " + c
        + "] (use [" + c + "], [" + m + ", " + c + "] or [1, " + m + ", " + c + "])");
  }

  /** Options {@code gammas=FILE.npy} and/or {@code betas=FILE.npy}. */
  public static final class Provider extends BuiltInProvider {
    public Provider() {
      super(NAME, "gammas and/or betas from .npy files, broadcast like --gammas_from; options "
          + "gammas=FILE.npy, betas=FILE.npy",
          o -> new ReplaceHook(o.existingFile("gammas"), o.existingFile("betas")));
    }
  }

}
