package io.tgdesk.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** All JAX-RS resources live under {@code /tgdesk/api}. */
@ApplicationPath("/api")
@OpenAPIDefinition(
    info = @Info(title = "TgDesk", version = "1", description = "Telegram channel for helpdesks"))
@SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic")
public class TgDeskApplication extends Application {}
