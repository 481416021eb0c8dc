package org.film4j.runtime.hook;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.film4j.runtime.FilmHook;
import org.film4j.runtime.FilmParameters;
import org.film4j.runtime.HookContext;
import org.film4j.runtime.ModelInfo;
import org.film4j.runtime.text.Vocabulary;

/**
 * {@code arithmetic}: zero-shot FiLM parameters for colour–shape pairs a model never saw in
 * training (the FiLM paper's CoGenT experiment). For a question naming such a pair, e.g. "cyan
 * cube" after training on CoGenT condition A, the hook replaces the question's gammas and betas
 * by γβ(q with the shape swapped) + γβ(q with the colour swapped) − γβ(q with both swapped),
 * the swaps chosen so that every pair in the three questions was seen: γβ(cyan cube) ≈
 * γβ(cyan sphere) + γβ(gray cube) − γβ(gray sphere). The three come from the model's generator
 * ({@link HookContext#generate}).
 *
 * <p>A colour belongs to the shape noun that ends its noun phrase, CLEVR's "[size] [color]
 * [material] shape": the colour word, then any size or material words, then a shape word,
 * singular or plural, in any of the synthetic data's synonyms (cube, block, brick; cylinder,
 * tube; sphere, ball, orb; grey for gray). A colour before "thing" or "object" names no shape.
 * A question with k unseen pairs applies the formula to each in turn: 3^k generator rows, each
 * pair shape-swapped, colour-swapped (sign +) or both (sign −), the signs multiplied. Questions
 * with no unseen pair keep their parameters bit for bit.
 *
 * <p>Substitutes are fixed per pair: the shape is the first of sphere, cube, cylinder seen with
 * the pair's colour; the colour is the first of the pair's shape's palette, in the palette's
 * order, seen with that substitute shape. Substitutes take the canonical word (spheres for
 * balls, gray for grey), keeping the plural.
 *
 * <p>Options {@code cube}, {@code cylinder}, {@code sphere}: the colours seen with each shape
 * in training, e.g. {@code cube=gray|blue|brown|yellow}; a shape not given takes any colour.
 * Without options: CoGenT condition A ({@link #COGENT_A}).
 */
public final class ArithmeticHook implements FilmHook {

  public static final String NAME = "arithmetic";

  /** CLEVR's colours, in its order. */
  static final List<String> COLORS =
      List.of("gray", "red", "blue", "green", "brown", "purple", "cyan", "yellow");

  /** CLEVR's shapes, in the order substitutes are tried: spheres take any colour in CoGenT. */
  static final List<String> SHAPES = List.of("sphere", "cube", "cylinder");

  /**
   * CLEVR CoGenT condition A (B swaps the two palettes; spheres take any colour in both). The
   * data module's synthetic generator is tested to agree with it.
   */
  public static final Map<String, List<String>> COGENT_A = Map.of(
      "cube", List.of("gray", "blue", "brown", "yellow"),
      "cylinder", List.of("red", "green", "purple", "cyan"));

  private static final Map<String, String> COLOR_WORDS = words(COLORS, Map.of("grey", "gray"));
  private static final Map<String, String> SHAPE_WORDS = words(SHAPES, Map.of(
      "block", "cube", "brick", "cube", "tube", "cylinder", "ball", "sphere", "orb", "sphere"));
  /** Words that may stand between a colour and its shape. */
  private static final Set<String> BETWEEN = Set.of("small", "large", "big", "tiny", "huge",
      "little", "rubber", "metal", "shiny", "matte", "metallic");

  /** The colours seen with each shape, every shape listed. */
  private final Map<String, List<String>> seen;
  /** For each unseen "colour shape": the substitute colour and shape. */
  private final Map<String, Pair> substitutes = new LinkedHashMap<>();

  // Token ids of the model's vocabulary, set by init.
  private final Map<Long, String> colorOf = new HashMap<>();
  private final Map<Long, String> shapeOf = new HashMap<>();
  private final Map<Long, Boolean> pluralOf = new HashMap<>();
  private final Set<Long> between = new HashSet<>();
  private final Map<String, Long> ids = new HashMap<>();

  private final AtomicLong questions = new AtomicLong();
  private final AtomicLong rewritten = new AtomicLong();
  private final AtomicLong pairs = new AtomicLong();

  /** {@code palettes}: the colours seen with each shape; a shape absent takes any colour. */
  public ArithmeticHook(Map<String, List<String>> palettes) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    for (String shape : SHAPES) {
      all.put(shape, List.copyOf(palettes.getOrDefault(shape, COLORS)));
    }
    this.seen = all;
    for (String shape : SHAPES) {
      for (String color : COLORS) {
        if (!seen(color, shape)) {
          substitutes.put(color + " " + shape, substitute(color, shape));
        }
      }
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The vocabulary's ids of the words the hook reads and writes. */
  @Override
  public void init(ModelInfo model) {
    Vocabulary vocabulary = model.questionVocabulary();
    for (int id = 0; id < vocabulary.size(); id++) {
      String word = vocabulary.token(id);
      String singular = word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
      if (COLOR_WORDS.containsKey(word)) {
        colorOf.put((long) id, COLOR_WORDS.get(word));
      } else if (SHAPE_WORDS.containsKey(word) || SHAPE_WORDS.containsKey(singular)) {
        boolean plural = !SHAPE_WORDS.containsKey(word);
        shapeOf.put((long) id, SHAPE_WORDS.get(plural ? singular : word));
        pluralOf.put((long) id, plural);
      } else if (BETWEEN.contains(word)) {
        between.add((long) id);
      }
    }
    // Every word a substitute may need, so that a question never fails half way.
    for (Pair p : substitutes.values()) {
      for (String word : List.of(p.color(), p.shape(), p.shape() + "s")) {
        if (!vocabulary.contains(word)) {
          throw new IllegalArgumentException("hook '" + NAME + "': the model's question "
              + "vocabulary has no '" + word + "', a word its substitutes need");
        }
        ids.put(word, (long) vocabulary.id(word));
      }
    }
  }

  @Override
  public FilmParameters apply(HookContext context, FilmParameters p) {
    questions.addAndGet(context.size());
    List<long[]> variants = new ArrayList<>();
    List<int[]> rows = new ArrayList<>();          // {question, first variant}
    List<double[]> signs = new ArrayList<>();
    for (int b = 0; b < context.size(); b++) {
      long[] question = context.questionIds().get(b);
      List<Found> found = unseenPairs(question);
      if (found.isEmpty()) {
        continue;
      }
      rows.add(new int[] {b, variants.size()});
      signs.add(expand(question, found, variants));
      pairs.addAndGet(found.size());
    }
    if (rows.isEmpty()) {
      return p;
    }
    FilmParameters g = context.generate(variants);
    int plane = p.modules() * p.channels();
    for (int r = 0; r < rows.size(); r++) {
      int b = rows.get(r)[0];
      int first = rows.get(r)[1];
      double[] sign = signs.get(r);
      for (int k = 0; k < plane; k++) {
        double gamma = 0;
        double beta = 0;
        for (int v = 0; v < sign.length; v++) {
          gamma += sign[v] * g.gammas()[(first + v) * plane + k];
          beta += sign[v] * g.betas()[(first + v) * plane + k];
        }
        p.gammas()[b * plane + k] = (float) gamma;
        p.betas()[b * plane + k] = (float) beta;
      }
    }
    rewritten.addAndGet(rows.size());
    return p;
  }

  /** Questions rewritten so far, of all the hook has seen, and their unseen pairs. */
  @Override
  public Optional<String> summary() {
    return Optional.of(String.format("hook %s: rewrote %d of %d questions (%d unseen colour-shape"
        + " pairs)", NAME, rewritten.get(), questions.get(), pairs.get()));
  }

  private boolean seen(String color, String shape) {
    return seen.get(shape).contains(color);
  }

  private Pair substitute(String color, String shape) {
    for (String otherShape : SHAPES) {
      if (otherShape.equals(shape) || !seen(color, otherShape)) {
        continue;
      }
      for (String otherColor : seen.get(shape)) {
        if (seen(otherColor, otherShape)) {
          return new Pair(otherColor, otherShape);
        }
      }
    }
    throw new IllegalArgumentException("no seen pairs stand in for '" + color + " " + shape
        + "': it needs another shape seen in " + color + " and another colour seen on both "
        + "shapes");
  }

  /** A colour at {@code colorAt} tied to the shape word at {@code shapeAt}, unseen together. */
  private record Found(int colorAt, int shapeAt, Pair substitute, boolean plural) {}

  /** A colour and a shape. */
  private record Pair(String color, String shape) {}

  private List<Found> unseenPairs(long[] question) {
    List<Found> found = new ArrayList<>();
    for (int i = 0; i < question.length; i++) {
      String color = colorOf.get(question[i]);
      if (color == null) {
        continue;
      }
      int j = i + 1;
      while (j < question.length && between.contains(question[j])) {
        j++;
      }
      String shape = j < question.length ? shapeOf.get(question[j]) : null;
      if (shape != null && !seen(color, shape)) {
        found.add(new Found(i, j, substitutes.get(color + " " + shape), pluralOf.get(question[j])));
      }
    }
    return found;
  }

  /**
   * Appends the 3^k variants of {@code question} (each found pair shape-swapped, colour-swapped
   * or both) to {@code variants} and returns their signs.
   */
  private double[] expand(long[] question, List<Found> found, List<long[]> variants) {
    int count = 1;
    for (int k = 0; k < found.size(); k++) {
      count *= 3;
    }
    double[] signs = new double[count];
    for (int code = 0; code < count; code++) {
      long[] variant = question.clone();
      double sign = 1;
      int rest = code;
      for (Found f : found) {
        int swap = rest % 3;   // 0: shape, 1: colour, 2: both
        rest /= 3;
        if (swap != 1) {
          variant[f.shapeAt()] = ids.get(f.substitute().shape() + (f.plural() ? "s" : ""));
        }
        if (swap != 0) {
          variant[f.colorAt()] = ids.get(f.substitute().color());
        }
        if (swap == 2) {
          sign = -sign;
        }
      }
      signs[code] = sign;
      variants.add(variant);
    }
    return signs;
  }

  private static Map<String, String> words(List<String> canonical, Map<String, String> synonyms) {
    Map<String, String> words = new HashMap<>(synonyms);
    canonical.forEach(w -> words.put(w, w));
    return Map.copyOf(words);
  }

  /**
   * Options {@code cube}, {@code cylinder}, {@code sphere}: colours like {@code gray|blue};
   * none given: CoGenT A.
   */
  public static final class Provider extends BuiltInProvider {
    public Provider() {
      super(NAME, "FiLM parameters of colour-shape pairs unseen in training from seen ones: "
          + "shape swapped + colour swapped - both; options cube=, cylinder=, sphere= the "
          + "colours seen with each (e.g. cube=gray|blue), default CoGenT A",
          o -> new ArithmeticHook(palettes(o)));
    }

    private static Map<String, List<String>> palettes(HookOptions o) {
      Map<String, List<String>> palettes = new HashMap<>();
      for (String shape : SHAPES) {
        String value = o.text(shape, null);
        if (value == null) {
          continue;
        }
        List<String> colors = Arrays.asList(value.split("\\|", -1));
        for (String color : colors) {
          if (!COLORS.contains(color)) {
            throw HookOptions.invalid(shape, value, "'" + color + "' is not a colour; colours: "
                + String.join(", ", COLORS));
          }
        }
        palettes.put(shape, List.copyOf(colors));
      }
      return palettes.isEmpty() ? COGENT_A : palettes;
    }
  }
}
