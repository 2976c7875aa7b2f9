package io.tgdesk.diagnostics;

import io.tgdesk.schema.SchemaMigration;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the schema migrations ran and the database answers within 2 seconds. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

  @Resource(lookup = "jdbc/tgdesk")
  DataSource dataSource;

  @Inject SchemaMigration schema;

  @Override
  public HealthCheckResponse call() {
    var response =
        HealthCheckResponse.named("database").withData("schemaMigrated", schema.isDone());
    if (!schema.isDone()) {
      return response.down().build();
    }
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2)
          ? response.up().build()
          : response.withData("error", "connection not valid").down().build();
    } catch (SQLException e) {
      return response.withData("error", e.getMessage()).down().build();
    }
  }
}
