package io.tgdesk.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers a request whose body broke its Bean Validation constraints ({@code @Valid} on a resource
 * parameter) exactly as a hand-built check would: 400 "Invalid request", problem+json, one {@code
 * errors} entry per broken constraint, named by the JSON path of the field ({@code name}, {@code
 * messages[2].text}), in the order the request record declares its fields. Without it the framework
 * would answer with a body of its own.
 */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

  private static final Logger LOG = Logger.getLogger(ConstraintViolationMapper.class.getName());

  @Context UriInfo uriInfo;

  @Override
  public Response toResponse(ConstraintViolationException e) {
    ProblemException invalid = ProblemException.invalid(fieldErrors(e.getConstraintViolations()));
    LOG.log(Level.FINE, "400 {0}: {1}", new Object[] {uriInfo.getPath(), invalid.getMessage()});
    return Problems.response(
        invalid.status(), invalid.title(), invalid.getMessage(), uriInfo, invalid.errors());
  }

  /** The field errors of these violations, in the order their request records declare fields. */
  static List<Problem.FieldError> fieldErrors(
      Collection<? extends ConstraintViolation<?>> violations) {
    if (violations == null) {
      return List.of();
    }
    return violations.stream()
        .sorted(
            Comparator.comparingInt(ConstraintViolationMapper::declarationOrder)
                .thenComparing(ConstraintViolationMapper::field)
                .thenComparing(ConstraintViolation::getMessage))
        .map(v -> new Problem.FieldError(field(v), v.getMessage()))
        .distinct()
        .toList();
  }

  /**
   * The JSON path of the field a violation names, from the first property below the validated
   * parameter: {@code messages[2].text}. Method, parameter, class-level and container-element nodes
   * do not appear (a class-level constraint names its field itself).
   */
  static String field(ConstraintViolation<?> violation) {
    StringBuilder field = new StringBuilder();
    for (Path.Node node : violation.getPropertyPath()) {
      ElementKind kind = node.getKind();
      if (kind != ElementKind.PROPERTY) {
        continue;
      }
      if (node.isInIterable() && field.length() > 0) {
        if (node.getIndex() != null) {
          field.append('[').append(node.getIndex()).append(']');
        } else if (node.getKey() != null) {
          field.append('.').append(node.getKey());
        }
      }
      if (field.length() > 0) {
        field.append('.');
      }
      field.append(node.getName());
    }
    return field.toString();
  }

  /** Where the violation's first field stands among the components of its request record. */
  private static int declarationOrder(ConstraintViolation<?> violation) {
    Class<?> type = null;
    for (Path.Node node : violation.getPropertyPath()) {
      if (node.getKind() == ElementKind.PARAMETER) {
        int at = node.as(Path.ParameterNode.class).getParameterIndex();
        Object[] parameters = violation.getExecutableParameters();
        type = parameters == null || parameters[at] == null ? null : parameters[at].getClass();
      } else if (node.getKind() == ElementKind.PROPERTY) {
        if (type == null) {
          type = violation.getRootBeanClass();
        }
        RecordComponent[] components = type.getRecordComponents();
        if (components == null) {
          return Integer.MAX_VALUE;
        }
        List<String> names = Arrays.stream(components).map(RecordComponent::getName).toList();
        int at = names.indexOf(node.getName().replaceFirst("[.\\[].*", ""));
        return at < 0 ? Integer.MAX_VALUE : at;
      }
    }
    return Integer.MAX_VALUE;
  }
}
