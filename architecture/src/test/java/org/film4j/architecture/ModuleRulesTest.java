package org.film4j.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The module rules of design.md, over the main classes of every module: the runtime stays on
 * ONNX Runtime and the JDK, its internals stay its own, what serves or reads data never loads
 * DJL, and no module reaches up to one built on it (runtime ← data ← trainer ← exporter ← cli;
 * spark, serve and examples on the runtime and data only; cli registers serve's command).
 */
class ModuleRulesTest {

  /** Every module's main classes (a rule over no class fails, so none passes by missing them). */
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
        .importPackages("org.film4j");
  }

  private static final String RUNTIME = "org.film4j.runtime..";
  private static final String DATA = "org.film4j.data..";
  private static final String TRAINER = "org.film4j.trainer..";
  private static final String EXPORTER = "org.film4j.exporter..";
  private static final String CLI = "org.film4j.cli..";
  private static final String SPARK = "org.film4j.spark..";
  private static final String EXAMPLES = "org.film4j.examples..";
  private static final String SERVE = "org.film4j.serve..";

  private static final ArchRule runtimeNeedsOnlyOnnxRuntimeAndTheJdk = classes()
      .that().resideInAPackage(RUNTIME)
      .should().onlyDependOnClassesThat()
      .resideInAnyPackage(RUNTIME, "ai.onnxruntime..", "java..", "javax..")
      .because("a host application must never meet a version conflict through the runtime jar");

  private static final ArchRule runtimeInternalsStayInTheRuntime = noClasses()
      .that().resideOutsideOfPackage(RUNTIME)
      .should().dependOnClassesThat().resideInAPackage(unexportedRuntimePackage("internal"))
      .because("only the runtime's exported packages are its API (module-info)");

  private static final ArchRule builtInHooksAreMadeByName = noClasses()
      .that().resideOutsideOfPackage(RUNTIME)
      .should().dependOnClassesThat().resideInAPackage(unexportedRuntimePackage("hook"))
      .because("the built-in hooks are made by name through Hooks, not by their classes");

  private static final ArchRule dataAndSparkNeverLoadDjl = noClasses()
      .that().resideInAnyPackage(DATA, SPARK, EXAMPLES)
      .should().dependOnClassesThat().resideInAPackage("ai.djl..")
      .because("reading data and serving need no libtorch");

  private static final ArchRule runtimeIsTheFloor = noClasses()
      .that().resideInAPackage(RUNTIME)
      .should().dependOnClassesThat()
      .resideInAnyPackage(DATA, TRAINER, EXPORTER, CLI, SPARK, EXAMPLES, SERVE);

  private static final ArchRule dataStandsOnTheRuntimeOnly = noClasses()
      .that().resideInAPackage(DATA)
      .should().dependOnClassesThat()
      .resideInAnyPackage(TRAINER, EXPORTER, CLI, SPARK, EXAMPLES, SERVE);

  private static final ArchRule trainerStandsOnDataAndTheRuntime = noClasses()
      .that().resideInAPackage(TRAINER)
      .should().dependOnClassesThat().resideInAnyPackage(EXPORTER, CLI, SPARK, EXAMPLES, SERVE);

  private static final ArchRule exporterReachesNoHigher = noClasses()
      .that().resideInAPackage(EXPORTER)
      .should().dependOnClassesThat().resideInAnyPackage(CLI, SPARK, EXAMPLES, SERVE);

  private static final ArchRule sparkStandsOnDataAndTheRuntime = noClasses()
      .that().resideInAPackage(SPARK)
      .should().dependOnClassesThat()
      .resideInAnyPackage(TRAINER, EXPORTER, CLI, EXAMPLES, SERVE);

  private static final ArchRule examplesUseTheRuntimeAlone = noClasses()
      .that().resideInAPackage(EXAMPLES)
      .should().dependOnClassesThat()
      .resideInAnyPackage(DATA, TRAINER, EXPORTER, CLI, SPARK, SERVE);

  private static final ArchRule serveStandsOnDataAndTheRuntime = noClasses()
      .that().resideInAPackage(SERVE)
      .should().dependOnClassesThat()
      .resideInAnyPackage("ai.djl..", TRAINER, EXPORTER, CLI, SPARK, EXAMPLES)
      .because("a server answers through the runtime: no libtorch, no training code");

  /** A runtime package its module-info does not export, by its last name. */
  private static String unexportedRuntimePackage(String name) {
    return "org.film4j.runtime." + name + "..";
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of("the runtime needs only ONNX Runtime and the JDK",
            runtimeNeedsOnlyOnnxRuntimeAndTheJdk),
        Arguments.of("the runtime's internals stay in it", runtimeInternalsStayInTheRuntime),
        Arguments.of("built-in hooks are made by name", builtInHooksAreMadeByName),
        Arguments.of("data, spark and examples never load DJL", dataAndSparkNeverLoadDjl),
        Arguments.of("the runtime is the floor", runtimeIsTheFloor),
        Arguments.of("data stands on the runtime only", dataStandsOnTheRuntimeOnly),
        Arguments.of("the trainer stands on data and the runtime",
            trainerStandsOnDataAndTheRuntime),
        Arguments.of("the exporter reaches no higher", exporterReachesNoHigher),
        Arguments.of("spark stands on data and the runtime", sparkStandsOnDataAndTheRuntime),
        Arguments.of("examples use the runtime alone", examplesUseTheRuntimeAlone),
        Arguments.of("serve stands on data and the runtime, never DJL",
            serveStandsOnDataAndTheRuntime));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void holds(String name, ArchRule rule) {
    rule.check(classes);
  }
}
