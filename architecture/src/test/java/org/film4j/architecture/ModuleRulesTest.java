package org.film4j.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module rules of design.md, over the main classes of every module: the runtime stays on
 * ONNX Runtime and the JDK, its internals stay its own, what serves or reads data never loads
 * DJL, and no module reaches up to one built on it (runtime ← data ← trainer ← exporter ← cli;
 * spark and examples on the runtime and data only).
 */
@AnalyzeClasses(packages = "org.film4j", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleRulesTest {

  private static final String RUNTIME = "org.film4j.runtime..";
  private static final String DATA = "org.film4j.data..";
  private static final String TRAINER = "org.film4j.trainer..";
  private static final String EXPORTER = "org.film4j.exporter..";
  private static final String CLI = "org.film4j.cli..";
  private static final String SPARK = "org.film4j.spark..";
  private static final String EXAMPLES = "org.film4j.examples..";

  @ArchTest
  static final ArchRule runtimeNeedsOnlyOnnxRuntimeAndTheJdk = classes()
      .that().resideInAPackage(RUNTIME)
      .should().onlyDependOnClassesThat()
      .resideInAnyPackage(RUNTIME, "ai.onnxruntime..", "java..", "javax..")
      .because("a host application must never meet a version conflict through the runtime jar");

  @ArchTest
  static final ArchRule runtimeInternalsStayInTheRuntime = noClasses()
      .that().resideOutsideOfPackage(RUNTIME)
      .should().dependOnClassesThat().resideInAPackage("org.film4j.runtime.internal..")
      .because("only the runtime's exported packages are its API (module-info)");

  @ArchTest
  static final ArchRule builtInHooksAreMadeByName = noClasses()
      .that().resideOutsideOfPackage(RUNTIME)
      .should().dependOnClassesThat().resideInAPackage("org.film4j.runtime.hook..")
      .because("the built-in hooks are made by name through Hooks, not by their classes");

  @ArchTest
  static final ArchRule dataAndSparkNeverLoadDjl = noClasses()
      .that().resideInAnyPackage(DATA, SPARK, EXAMPLES)
      .should().dependOnClassesThat().resideInAPackage("ai.djl..")
      .because("reading data and serving need no libtorch");

  @ArchTest
  static final ArchRule runtimeIsTheFloor = noClasses()
      .that().resideInAPackage(RUNTIME)
      .should().dependOnClassesThat()
      .resideInAnyPackage(DATA, TRAINER, EXPORTER, CLI, SPARK, EXAMPLES);

  @ArchTest
  static final ArchRule dataStandsOnTheRuntimeOnly = noClasses()
      .that().resideInAPackage(DATA)
      .should().dependOnClassesThat()
      .resideInAnyPackage(TRAINER, EXPORTER, CLI, SPARK, EXAMPLES);

  @ArchTest
  static final ArchRule trainerStandsOnDataAndTheRuntime = noClasses()
      .that().resideInAPackage(TRAINER)
      .should().dependOnClassesThat().resideInAnyPackage(EXPORTER, CLI, SPARK, EXAMPLES);

  @ArchTest
  static final ArchRule exporterReachesNoHigher = noClasses()
      .that().resideInAPackage(EXPORTER)
      .should().dependOnClassesThat().resideInAnyPackage(CLI, SPARK, EXAMPLES);

  @ArchTest
  static final ArchRule sparkStandsOnDataAndTheRuntime = noClasses()
      .that().resideInAPackage(SPARK)
      .should().dependOnClassesThat().resideInAnyPackage(TRAINER, EXPORTER, CLI, EXAMPLES);

  @ArchTest
  static final ArchRule examplesUseTheRuntimeAlone = noClasses()
      .that().resideInAPackage(EXAMPLES)
      .should().dependOnClassesThat()
      .resideInAnyPackage(DATA, TRAINER, EXPORTER, CLI, SPARK);
}
