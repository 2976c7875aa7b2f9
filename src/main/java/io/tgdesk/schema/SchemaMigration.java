package io.tgdesk.schema;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.logging.Logger;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Brings the schema up to date when the application starts. Several servers starting at once are
 * safe: Liquibase serialises them on its lock table. A failed migration fails the start-up.
 */
@ApplicationScoped
public class SchemaMigration {

  private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());
  static final String CHANGELOG = "db/changelog.xml";

  @Resource(lookup = "jdbc/tgdesk")
  DataSource dataSource;

  @Inject Event<SchemaReady> schemaReady;

  private volatile boolean done;

  /** Whether the migrations ran successfully in this process. */
  public boolean isDone() {
    return done;
  }

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) throws Exception {
    long started = System.nanoTime();
    try (Connection connection = dataSource.getConnection()) {
      Database database =
          DatabaseFactory.getInstance()
              .findCorrectDatabaseImplementation(new JdbcConnection(connection));
      @SuppressWarnings("deprecation")
      Liquibase liquibase =
          new Liquibase(
              CHANGELOG,
              new ClassLoaderResourceAccessor(SchemaMigration.class.getClassLoader()),
              database);
      liquibase.update(new Contexts(), new LabelExpression());
      if (!connection.getAutoCommit()) {
        // Leave nothing open for the web module's local transaction to roll back at the end of
        // start-up.
        connection.commit();
        connection.setAutoCommit(true);
      }
      LOG.info(
          () ->
              "Schema is up to date on "
                  + database.getDatabaseProductName()
                  + " ("
                  + (System.nanoTime() - started) / 1_000_000
                  + " ms)");
    }
    done = true;
    schemaReady.fire(new SchemaReady());
  }
}
