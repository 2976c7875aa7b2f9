package io.tgdesk;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package map of {@code io/tgdesk/package-info.java} as rules: each feature may use the
 * features its line of the map names and the base, nothing depends on admin, no package cycles. The
 * rules speak of features ({@code io.tgdesk.tickets..}), so that sub-packages inside a feature are
 * free; a new top-level package fails until the map names it.
 */
class ArchitectureTest {

  /** Every feature may use these; within the base, the arrows are in {@link #map()}. */
  private static final String[] BASE = {
    "telegram.botapi", "files", "intake", "egress", "web", "config", "schema", "backoff"
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tgdesk");
  }

  /** The map, top to bottom, as in the root package-info: feature, then what it may use. */
  static LayeredArchitecture map() {
    return new MapBuilder()
        .feature("admin")
        .feature("customers")
        .feature("diagnostics")
        .feature("agents")
        .feature("routing")
        .feature("hostevents")
        .feature("telegram.inbound")
        .feature("shopify")
        .feature("tickets")
        .feature("telegram.outbound")
        .feature("cluster")
        .feature("telegram.bots")
        .feature("telegram.botapi")
        .feature("files")
        .feature("intake")
        .feature("egress")
        .feature("web")
        .feature("config")
        .feature("schema")
        .feature("backoff")
        .architecture()
        .whereLayer("admin")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("customers")
        .mayOnlyBeAccessedByLayers("admin")
        .whereLayer("diagnostics")
        .mayOnlyBeAccessedByLayers("admin", "customers")
        .whereLayer("agents")
        .mayOnlyAccessLayers(withBase("tickets", "telegram.outbound", "telegram.bots"))
        .whereLayer("agents")
        .mayOnlyBeAccessedByLayers("admin", "customers", "diagnostics")
        .whereLayer("routing")
        .mayOnlyAccessLayers(withBase("tickets", "telegram.outbound", "telegram.bots"))
        .whereLayer("hostevents")
        .mayOnlyAccessLayers(withBase("tickets"))
        .whereLayer("telegram.inbound")
        .mayOnlyAccessLayers(withBase("tickets", "telegram.outbound", "cluster", "telegram.bots"))
        .whereLayer("shopify")
        .mayOnlyAccessLayers(withBase("tickets", "telegram.outbound", "telegram.bots"))
        .whereLayer("tickets")
        .mayOnlyAccessLayers(withBase("telegram.outbound", "telegram.bots"))
        .whereLayer("telegram.outbound")
        .mayOnlyAccessLayers(withBase("cluster", "telegram.bots"))
        .whereLayer("cluster")
        .mayOnlyAccessLayers(withBase("telegram.bots"))
        .whereLayer("telegram.bots")
        .mayOnlyAccessLayers(BASE)
        // the base
        .whereLayer("telegram.botapi")
        .mayNotAccessAnyLayer()
        .whereLayer("files")
        .mayOnlyAccessLayers("config", "web", "schema")
        .whereLayer("intake")
        .mayOnlyAccessLayers("config", "schema", "backoff")
        .whereLayer("egress")
        .mayOnlyAccessLayers("config")
        .whereLayer("web")
        .mayOnlyAccessLayers("config", "schema")
        .whereLayer("config")
        .mayOnlyAccessLayers("backoff")
        .whereLayer("schema")
        .mayNotAccessAnyLayer()
        .whereLayer("backoff")
        .mayNotAccessAnyLayer()
        .ensureAllClassesAreContainedInArchitectureIgnoring("io.tgdesk");
  }

  @Test
  void everyFeatureUsesOnlyWhatTheMapAllows() {
    map().check(classes);
  }

  /**
   * Tickets, their queues and their replies are one unit that changes together (the intake and the
   * lifecycle route a new ticket, answer after hours and send status notices; those use the ticket
   * entities), as tickets/package-info.java says; every other package is free of cycles.
   */
  static final String[] ONE_UNIT = {
    "io.tgdesk.tickets", "io.tgdesk.tickets.queues", "io.tgdesk.tickets.replies"
  };

  @Test
  void noPackagesDependOnEachOtherInACycle() {
    slices()
        .matching("io.tgdesk.(**)")
        .should()
        .beFreeOfCycles()
        .ignoreDependency(resideInAnyPackage(ONE_UNIT), resideInAnyPackage(ONE_UNIT))
        .check(classes);
  }

  private static String[] withBase(String... features) {
    List<String> all = new ArrayList<>(Arrays.asList(features));
    all.addAll(Arrays.asList(BASE));
    return all.toArray(String[]::new);
  }

  /** Names each layer after its feature and defines it as the feature's package tree. */
  private static final class MapBuilder {
    private LayeredArchitecture architecture =
        layeredArchitecture().consideringOnlyDependenciesInLayers();

    MapBuilder feature(String name) {
      architecture = architecture.layer(name).definedBy("io.tgdesk." + name + "..");
      return this;
    }

    LayeredArchitecture architecture() {
      return architecture;
    }
  }
}
